package dev.coro;

import java.util.concurrent.CancellationException;
import org.jspecify.annotations.Nullable;

/** A coroutine (or a blocking thread) waiting in a {@link PermitQueue}: it parks until granted. */
final class PermitAwait extends PermitQueue.PermitWaiter implements Suspension.Waitable {

    private final PermitQueue queue;
    private final String release;
    private final Object waiter;

    private PermitAwait(PermitQueue queue, String release, @Nullable Coroutine coroutine) {
        this.queue = queue;
        this.release = release;
        this.waiter = Suspension.waiter(coroutine);
    }

    static void acquire(PermitQueue queue, String operation, String release) {
        Coroutine coroutine = Suspension.enter(operation);
        PermitAwait waiter = new PermitAwait(queue, release, coroutine);
        if (queue.acquireOrEnqueue(waiter)) {
            waiter.take();
            return;
        }
        Suspension.await(coroutine, operation, waiter);
        // Granted, unless a cancel from another thread gave the permit back between the grant and this line.
        if (!waiter.take()) {
            throw coroutine != null
                    ? coroutine.cancellation()
                    : new CancellationException(operation + " was interrupted");
        }
    }

    @Override
    void onGranted() {
        Suspension.wake(waiter);
    }

    @Override
    public boolean isReady() {
        return isGranted();
    }

    @Override
    public void dispose() {
        giveUp(queue, release);
    }
}
