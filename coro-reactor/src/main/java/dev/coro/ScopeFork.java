package dev.coro;

import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jspecify.annotations.Nullable;

/** One fork of a {@link StructuredScope}: its coroutine, its outcome, and the threads waiting in {@link #join()}. */
final class ScopeFork<T> implements Fork<T>, Coroutine.Completion<T>, Suspension.Waitable {

    /** What a joiner awaits, as dumps show it: {@code Fork.join(coro-fork-7)}. */
    static final String JOIN = "Fork.join";

    private final StructuredScope scope;
    final Coroutine coroutine;
    /** Waiters of {@link Suspension#waiter}, woken when the fork ends. */
    private final Queue<Object> joiners = new ConcurrentLinkedQueue<>();

    // Written before `done`, read after it.
    private @Nullable T value;
    private @Nullable Throwable error;
    private volatile boolean done;
    /** The sibling whose failure cancelled this fork, written before that cancel: see {@link #cancelled(String)}. */
    private volatile @Nullable ScopeFork<?> cancelledBy;

    ScopeFork(StructuredScope scope, Coroutine coroutine) {
        this.scope = scope;
        this.coroutine = coroutine;
    }

    @Override
    public @Nullable T join() {
        if (!done) {
            Coroutine current = Suspension.enter("Fork.join");
            if (current == coroutine) {
                throw new IllegalStateException("Fork.join() called by the fork '" + coroutine.name
                        + "' on itself: it would wait forever. Join it from the scope body or a sibling");
            }
            Object self = Suspension.waiter(current);
            joiners.add(self);
            try {
                Suspension.await(current, JOIN + "(" + coroutine.name + ")", this);
            } finally {
                joiners.remove(self);
            }
        }
        Throwable e = error;
        if (e != null) {
            throw AwaitCallSite.rethrow(e, Coroutine.current());
        }
        return value;
    }

    /**
     * No effect once done: a scope body that learnt of this fork's failure through {@link #join()} (woken by
     * {@code done}) cancels its forks before this fork has reported the failure to the scope, and a cancel then would
     * make the failure look like the fork's cancellation.
     */
    @Override
    public void cancel() {
        if (!done) {
            coroutine.cancel();
        }
    }

    /** Cancels the fork because {@code sibling} failed, unless it was cancelled already (that cancel keeps its reason). */
    void cancelBecause(ScopeFork<?> sibling) {
        if (!done && !coroutine.cancelled) {
            cancelledBy = sibling;
            coroutine.cancel();
        }
    }

    /**
     * A fork cancelled by a sibling's failure says so, with that failure as the cause, as kotlinx.coroutines' "Parent
     * job is Cancelling" does: the fork's own trace (logged in its {@code catch}, or rethrown by a join) then leads to
     * the failure, not just to the cancel.
     */
    @Override
    public CancellationException cancelled(String name) {
        ScopeFork<?> sibling = cancelledBy;
        Throwable failure = sibling != null ? sibling.error : null;
        if (sibling == null || failure == null) {
            return Coroutine.Completion.super.cancelled(name);
        }
        CancellationException e =
                new CancellationException("Coroutine '" + name + "' was cancelled because its sibling '"
                        + sibling.coroutine.name + "' in the same Coro.scope failed: " + failure);
        e.initCause(failure);
        return e;
    }

    /** The failure this fork ended with, once it has ended; {@code null} otherwise. */
    @Nullable
    Throwable failure() {
        return done ? error : null;
    }

    @Override
    public boolean isDone() {
        return done;
    }

    @Override
    public void complete(@Nullable T result) {
        value = result;
        finish();
    }

    @Override
    public void fail(Throwable failure) {
        error = Objects.requireNonNull(failure);
        finish();
    }

    private void finish() {
        done = true;
        for (Object waiter : joiners) {
            Suspension.wake(waiter);
        }
        scope.forkEnded(this, error);
    }

    @Override
    public boolean isReady() {
        return done;
    }

    /** A joiner that gives up (its coroutine was cancelled) leaves the fork running: the scope owns it. */
    @Override
    public void dispose() {}

    @Override
    public String toString() {
        return "Fork[" + coroutine.name + "]";
    }
}
