package dev.coro;

import java.util.concurrent.CancellationException;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;

/**
 * The one place where a thread parks for a coroutine: awaits, {@code each} loops and generators waiting for demand.
 * Inside a coroutine only its virtual thread parks; outside one, the calling thread blocks like {@code block()}.
 */
final class Suspension {

    /** Something a thread waits on: ready once it can go on, disposed when the waiter gives up. */
    interface Waitable extends Disposable {
        boolean isReady();
    }

    private Suspension() {}

    /**
     * Parks until {@code on} is ready. When the coroutine is cancelled, or the thread interrupted, {@code on} is
     * disposed and a {@link CancellationException} thrown.
     *
     * @param what what is awaited, for coroutine dumps
     */
    static void await(@Nullable Coroutine coroutine, Object what, Waitable on) {
        if (on.isReady()) {
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
        } finally {
            if (coroutine != null) {
                coroutine.resume(System.nanoTime() - start);
            }
        }
    }

    // The rare exits live in methods of their own so that the loop above stays small enough to be inlined: every
    // frame left between the body and the park stays on each parked coroutine's stack.
    private static CancellationException cancelled(Coroutine coroutine, Waitable on) {
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
