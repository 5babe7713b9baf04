package dev.coro;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The FIFO permit counter behind {@link Semaphore} and {@link Mutex}.
 *
 * <p>A released permit goes straight to the oldest waiter (FIFO: a newcomer cannot barge past the queue). A waiter is
 * granted and cancelled by compare-and-set on its own state, so a cancel racing a release either removes the waiter
 * before it was granted or gives the granted permit back: it is never lost and never counted twice. A
 * {@link ReentrantLock} rather than {@code synchronized}: the critical sections are short, and on JDK 21 a virtual
 * thread blocked on a monitor pins its carrier.
 */
final class PermitQueue {

    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<PermitWaiter> waiters = new ArrayDeque<>();
    private final int permits;
    /** What a release with nothing to release means for the owner: the message of its IllegalStateException. */
    private final String misuse;

    private int available;

    PermitQueue(int permits, String misuse) {
        this.permits = permits;
        this.available = permits;
        this.misuse = misuse;
    }

    boolean tryAcquire() {
        lock.lock();
        try {
            if (available > 0 && waiters.isEmpty()) {
                available--;
                return true;
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Grants {@code waiter} a permit at once and returns {@code true} (the caller then runs its
     * {@link PermitWaiter#onGranted()}), or queues it and returns {@code false}. A waiter cancelled already is neither.
     */
    boolean acquireOrEnqueue(PermitWaiter waiter) {
        lock.lock();
        try {
            if (available > 0 && waiters.isEmpty()) {
                if (!waiter.grant()) {
                    return false;
                }
                available--;
                return true;
            }
            if (waiter.isWaiting()) {
                waiters.add(waiter);
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** Hands a permit to the oldest live waiter, or back to the pool. */
    void release(String operation) {
        PermitWaiter next;
        lock.lock();
        try {
            for (; ; ) {
                next = waiters.poll();
                if (next == null) {
                    if (available == permits) {
                        throw new IllegalStateException(operation + misuse);
                    }
                    available++;
                    return;
                }
                if (next.grant()) {
                    break;
                }
            }
        } finally {
            lock.unlock();
        }
        // Outside the lock: waking a thread or running a subscriber's onNext must not hold up other releases.
        next.onGranted();
    }

    void remove(PermitWaiter waiter) {
        lock.lock();
        try {
            waiters.remove(waiter);
        } finally {
            lock.unlock();
        }
    }

    int available() {
        lock.lock();
        try {
            return available;
        } finally {
            lock.unlock();
        }
    }

    int queued() {
        lock.lock();
        try {
            return waiters.size();
        } finally {
            lock.unlock();
        }
    }

    /** A queued acquirer: a parked thread or a subscriber. */
    abstract static class PermitWaiter {
        private static final int WAITING = 0;
        private static final int GRANTED = 1;
        private static final int CANCELLED = 2;
        private static final int SETTLED = 3;

        private final AtomicInteger state = new AtomicInteger();

        final boolean grant() {
            return state.compareAndSet(WAITING, GRANTED);
        }

        final boolean isWaiting() {
            return state.get() == WAITING;
        }

        final boolean isGranted() {
            return state.get() == GRANTED;
        }

        /** The waiter keeps its granted permit; false if a cancel gave it back first. */
        final boolean take() {
            return state.compareAndSet(GRANTED, SETTLED);
        }

        /** Gives up waiting: removes a queued waiter, or gives back a permit granted but not taken yet. */
        final void giveUp(PermitQueue queue, String release) {
            if (state.compareAndSet(WAITING, CANCELLED)) {
                queue.remove(this);
            } else if (state.compareAndSet(GRANTED, SETTLED)) {
                queue.release(release);
            }
        }

        abstract void onGranted();
    }
}
