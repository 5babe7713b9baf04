package dev.coro;

import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import reactor.util.context.Context;

/**
 * {@code Coro.scope}: runs the body on the caller's thread, then waits (uninterruptibly) until every fork has ended,
 * so that no fork outlives the scope whatever way the body ends.
 *
 * <p>The first fork failure also cancels the body's current wait, as Kotlin's {@code coroutineScope} cancels its
 * body: the failing fork's thread interrupts the body's thread, which makes an await (or a channel operation, a sleep)
 * throw {@link CancellationException} there. Not {@link Coroutine#cancel()}: that would cancel the caller's coroutine
 * for good, while only this scope failed and the caller may catch its exception and go on. The interrupt is settled
 * when the body ends (the same handshake as {@link Coroutine#cancellation()}), so that it never leaks past the scope.
 */
final class StructuredScope implements CoroScope, Suspension.Waitable {

    private final @Nullable Coroutine parent;
    private final Context context;
    private final CoroScheduler scheduler;
    private final Queue<ScopeFork<?>> forks = new ConcurrentLinkedQueue<>();
    /** Forks not yet ended; incremented before the `ended` check so that a racing fork() is never missed. */
    private final AtomicInteger running = new AtomicInteger();

    /** The first fork that failed: its failure is what the scope throws, and it cancels the others. */
    private final AtomicReference<@Nullable ScopeFork<?>> firstFailure = new AtomicReference<>();

    private volatile boolean ended;
    private final Thread owner;

    private static final int BODY_RUNNING = 0;
    private static final int BODY_INTERRUPTING = 1;
    private static final int BODY_INTERRUPTED = 2;
    private static final int BODY_ENDED = 3;
    /** Whether a fork's failure interrupted the body: see the class comment. */
    private final AtomicInteger bodyState = new AtomicInteger(BODY_RUNNING);

    private StructuredScope(@Nullable Coroutine parent) {
        this.parent = parent;
        this.context = parent != null ? parent.context : Context.empty();
        this.scheduler = parent != null ? parent.scheduler : CoroScheduler.defaultScheduler();
        this.owner = Thread.currentThread();
    }

    static <T> @Nullable T run(ScopeBody<T> body) {
        Objects.requireNonNull(body, "Coro.scope needs a body: scope -> { ... scope.fork(...) ... }");
        Coroutine parent = Suspension.enter("Coro.scope");
        StructuredScope scope = new StructuredScope(parent);
        T result = null;
        Throwable bodyError = null;
        try {
            result = body.run(scope);
        } catch (Throwable t) {
            bodyError = t;
        }
        boolean bodyInterrupted = scope.bodyEnded();
        if (bodyError != null) {
            scope.dispose();
        }
        boolean cancelledWhileWaiting = scope.awaitForks();
        ScopeFork<?> failed = scope.firstFailure.get();
        Throwable failure = failed != null ? failed.failure() : null;
        if (failed != null && failure != null) {
            // The body's own failure, or the CancellationException the fork's failure caused in it, goes along.
            if (bodyError != null
                    && bodyError != failure
                    && (bodyInterrupted || !(bodyError instanceof CancellationException))) {
                failure.addSuppressed(bodyError);
            }
            // The failure's own trace ends in the fork's thread; the call site is the line that opened the scope.
            throw AwaitCallSite.rethrow(failure, scope.rethrownBy(failed));
        }
        if (bodyError != null) {
            throw Sneaky.raise(bodyError);
        }
        if (cancelledWhileWaiting) {
            throw parent != null
                    ? parent.cancellation()
                    : new CancellationException("Thread '" + scope.owner.getName()
                            + "' was interrupted while its scope waited for its forks");
        }
        return result;
    }

    @Override
    public <T> Fork<T> fork(CoroutineBody<T> body) {
        Objects.requireNonNull(body, "CoroScope.fork needs a body: () -> await(...)");
        running.incrementAndGet();
        if (ended) {
            running.decrementAndGet();
            throw new IllegalStateException("CoroScope.fork after the scope ended: a scope's forks must start "
                    + "while its body or another of its forks still runs. Do not keep the scope past its body");
        }
        Coroutine coroutine = new Coroutine(scheduler.nextName("fork"), context, scheduler);
        ScopeFork<T> fork = new ScopeFork<>(this, coroutine);
        forks.add(fork);
        ScopeFork<?> failed = firstFailure.get();
        if (failed != null) {
            fork.cancelBecause(failed);
        } else if (parent != null && parent.cancelled) {
            coroutine.cancel();
        }
        coroutine.start(body, fork);
        return fork;
    }

    void forkEnded(ScopeFork<?> fork, @Nullable Throwable error) {
        forks.remove(fork);
        // A fork that was cancelled (by the scope, a sibling's failure or Fork.cancel) did not fail.
        if (error != null && !fork.coroutine.cancelled && firstFailure.compareAndSet(null, fork)) {
            for (ScopeFork<?> f : forks) {
                f.cancelBecause(fork);
            }
            interruptBody();
        }
        if (running.decrementAndGet() == 0) {
            Suspension.wake(owner);
        }
    }

    private String rethrownBy(ScopeFork<?> failed) {
        String where = parent != null ? "coroutine '" + parent.name + "'" : "thread '" + owner.getName() + "'";
        return "Rethrown by Coro.scope in " + where + ": its fork '" + failed.coroutine.name
                + "' failed, and the forks still running were cancelled";
    }

    /** Wakes the body's current wait with a CancellationException, unless the body has ended already. */
    private void interruptBody() {
        if (bodyState.compareAndSet(BODY_RUNNING, BODY_INTERRUPTING)) {
            owner.interrupt();
            bodyState.set(BODY_INTERRUPTED);
        }
    }

    /**
     * On the owner's thread once the body returned or threw: from now on no fork interrupts it. Returns whether one
     * did, after clearing that interrupt (it may still be in flight, hence the wait for INTERRUPTED).
     */
    private boolean bodyEnded() {
        if (bodyState.compareAndSet(BODY_RUNNING, BODY_ENDED)) {
            return false;
        }
        while (bodyState.get() == BODY_INTERRUPTING) {
            Thread.yield(); // not a spin: the interrupting thread may need this carrier to finish (see Coroutine)
        }
        Thread.interrupted();
        return true;
    }

    /** Cancels every fork still running. */
    @Override
    public void dispose() {
        for (ScopeFork<?> f : forks) {
            f.cancel();
        }
    }

    /**
     * Parks until no fork runs. A cancel of the parent (or an interrupt) cancels the forks and keeps waiting: the
     * scope must not return while one of them still runs. Returns whether that happened.
     */
    private boolean awaitForks() {
        boolean cancelled = false;
        for (; ; ) {
            cancelled |= Suspension.awaitUninterruptibly(parent, "scope with " + running.get() + " fork(s)", this);
            // No fork runs: close the scope to new forks, unless one was forked in between (by a fork still ending).
            ended = true;
            if (running.get() == 0) {
                return cancelled;
            }
            ended = false;
        }
    }

    /** Ready once no fork runs. */
    @Override
    public boolean isReady() {
        return running.get() == 0;
    }
}
