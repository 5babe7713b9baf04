package dev.coro;

import java.util.concurrent.locks.LockSupport;
import reactor.core.scheduler.Schedulers;

/** A coroutine (or a blocking thread) waiting in a {@link PermitQueue}: it parks until granted. */
final class PermitAwait extends PermitQueue.PermitWaiter implements Suspension.Waitable {

    private final PermitQueue queue;
    private final String release;
    private final Thread thread = Thread.currentThread();

    private PermitAwait(PermitQueue queue, String release) {
        this.queue = queue;
        this.release = release;
    }

    static void acquire(PermitQueue queue, String operation, String release) {
        Coroutine coroutine = Coroutine.current();
        if (coroutine == null && Schedulers.isInNonBlockingThread()) {
            throw new IllegalStateException(operation + " called outside a coroutine on non-blocking thread '"
                    + Thread.currentThread().getName() + "': it would block the event loop. Call it inside a "
                    + "coroutine, or use permit()/withPermit(Mono) from a Reactor chain");
        }
        if (coroutine != null && coroutine.cancelled) {
            throw coroutine.cancellation();
        }
        PermitAwait waiter = new PermitAwait(queue, release);
        if (queue.acquireOrEnqueue(waiter)) {
            waiter.take();
            return;
        }
        Suspension.await(coroutine, operation, waiter);
        // Granted, unless a cancel from another thread gave the permit back between the grant and this line.
        if (!waiter.take()) {
            throw coroutine != null
                    ? coroutine.cancellation()
                    : new java.util.concurrent.CancellationException(operation + " was interrupted");
        }
    }

    @Override
    void onGranted() {
        LockSupport.unpark(thread);
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
