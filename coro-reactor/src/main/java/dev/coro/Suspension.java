package dev.coro;

import java.util.concurrent.CancellationException;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;

/**
 * The engine seam: the one place where a thread enters a wait, parks and is woken for a coroutine. Every waiting
 * operation (await, {@code each}, yield at zero demand, mutex and semaphore, scope and fork joins, sleep, channels and
 * select) describes <em>what</em> it waits for as a {@link Waitable} and leaves the <em>how</em> to this class:
 *
 * <ol>
 *   <li>{@link #enter}: find the current coroutine, refuse on an event loop, throw if it is cancelled;
 *   <li>{@link #await}: park until the waitable is ready, or the coroutine cancelled (prompt cancellation);
 *   <li>{@link #waiter} and {@link #wake}: what a producer keeps to wake the waiter, and the wake-up itself.
 * </ol>
 *
 * <p>Inside a coroutine only its virtual thread parks; outside one, the calling thread blocks like {@code block()}.
 * The engine underneath (a virtual thread per coroutine today) can change here without touching the operations.
 *
 * <p><b>Prompt cancellation</b> (as kotlinx.coroutines defines it): a cancelled coroutine never returns normally from
 * a wait, even when what it waited for became ready at the same time or was ready already (a cancel landing inside
 * the awaited publisher's own {@code subscribe}); it throws {@link CancellationException} there, with the cancel's
 * interrupt settled, and what it waited for is disposed.
 */
final class Suspension {

    /** Something a thread waits on: ready once it can go on, disposed when the waiter gives up. */
    interface Waitable extends Disposable {
        boolean isReady();
    }

    private Suspension() {}

    /**
     * Enters a wait: returns the calling coroutine, or {@code null} on a plain thread that may block. Throws
     * {@link IllegalStateException} on a Reactor non-blocking thread and {@link CancellationException} in a cancelled
     * coroutine.
     *
     * @param operation what the user called, for the event-loop message
     */
    static @Nullable Coroutine enter(String operation) {
        Coroutine coroutine = Coroutine.current();
        if (coroutine == null) {
            NonBlockingGuard.check(operation);
        } else if (coroutine.cancelled) {
            throw coroutine.cancellation();
        }
        return coroutine;
    }

    /**
     * Throws the coroutine's {@link CancellationException} if it is cancelled, disposing {@code onCancel} first: for
     * operations that go on without waiting (an element already buffered) but must still stop when cancelled.
     */
    static void ensureActive(@Nullable Coroutine coroutine, Disposable onCancel) {
        if (coroutine != null && coroutine.cancelled) {
            throw cancelled(coroutine, onCancel);
        }
    }

    /**
     * Parks until {@code on} is ready. When the coroutine is cancelled (before, during, or as {@code on} became
     * ready), or a plain thread interrupted, {@code on} is disposed and a {@link CancellationException} thrown.
     *
     * @param what what is awaited, for coroutine dumps
     */
    static void await(@Nullable Coroutine coroutine, Object what, Waitable on) {
        if (on.isReady()) {
            // A cancel that landed while `on` was being prepared (inside a publisher's subscribe) is only an
            // interrupt and a flag: no suspension existed to dispose. It wins over the ready outcome.
            if (coroutine != null && coroutine.cancelled) {
                throw cancelled(coroutine, on);
            }
            return;
        }
        long start = System.nanoTime();
        if (coroutine != null) {
            coroutine.suspend(what, on);
        }
        try {
            while (!on.isReady()) {
                if (coroutine != null && coroutine.cancelled) {
                    throw cancelled(coroutine, on);
                }
                LockSupport.park(on);
                if (Thread.interrupted() && (coroutine == null || !coroutine.cancelled)) {
                    throw interrupted(on);
                }
            }
            if (coroutine != null && coroutine.cancelled) {
                throw cancelled(coroutine, on);
            }
        } finally {
            if (coroutine != null) {
                coroutine.resume(System.nanoTime() - start);
            }
        }
    }

    /**
     * Parks until {@code on} is ready, whatever happens: a cancel of the coroutine (or an interrupt) disposes
     * {@code on} once, which must make it ready in time, and the wait goes on. For waits that must not end early, such
     * as a scope waiting for its forks. Returns whether a cancel or an interrupt came; on a plain thread the interrupt
     * is then restored.
     */
    static boolean awaitUninterruptibly(@Nullable Coroutine coroutine, Object what, Waitable on) {
        if (on.isReady()) {
            return false;
        }
        boolean cancelled = false;
        long start = System.nanoTime();
        if (coroutine != null) {
            coroutine.suspend(what, on);
        }
        try {
            while (!on.isReady()) {
                if (!cancelled && (Thread.interrupted() || (coroutine != null && coroutine.cancelled))) {
                    cancelled = true;
                    on.dispose();
                }
                LockSupport.park(on);
            }
        } finally {
            if (coroutine != null) {
                coroutine.resume(System.nanoTime() - start);
            }
        }
        if (cancelled && coroutine == null) {
            Thread.currentThread().interrupt();
        }
        return cancelled;
    }

    /** What a producer keeps to {@link #wake} the calling thread later: its coroutine, else the thread itself. */
    static Object waiter(@Nullable Coroutine coroutine) {
        return coroutine != null ? coroutine : Thread.currentThread();
    }

    /**
     * Wakes a waiter of {@link #waiter} (or a thread) once what it waits for is ready; {@code null} is a no-op. Call it
     * after making the waitable ready: a wake-up before that is lost only if the waiter had not parked yet, and then
     * it sees the readiness itself.
     */
    static void wake(@Nullable Object waiter) {
        if (waiter instanceof Coroutine c) {
            LockSupport.unpark(c.thread);
        } else if (waiter != null) {
            LockSupport.unpark((Thread) waiter);
        }
    }

    // The rare exits live in methods of their own so that the loop above stays small enough to be inlined: every
    // frame left between the body and the park stays on each parked coroutine's stack.
    private static CancellationException cancelled(Coroutine coroutine, Disposable on) {
        on.dispose();
        return coroutine.cancellation();
    }

    private static CancellationException interrupted(Waitable on) {
        on.dispose();
        Thread.currentThread().interrupt();
        return new CancellationException(
                "Thread '" + Thread.currentThread().getName() + "' was interrupted while awaiting");
    }
}
