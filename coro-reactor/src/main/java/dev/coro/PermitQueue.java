package dev.coro;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The FIFO permit counter behind {@link Semaphore} and {@link Mutex}.
 *
 * <p>A released permit goes straight to the oldest waiter (FIFO: a newcomer cannot barge past the queue). A waiter is
 * granted and cancelled by compare-and-set on its own state, so a cancel racing a release either removes the waiter
 * before it was granted or gives the granted permit back: it is never lost and never counted twice. A
 * {@link ReentrantLock} rather than {@code synchronized}: the critical sections are short, and on JDK 21 a virtual
 * thread blocked on a monitor pins its carrier.
 *
 * <p>The queue is intrusive: each waiter is its own doubly-linked node, so a cancelled waiter is unlinked in O(1)
 * under the lock wherever it stands (issue 9, defect 7: a search through a deque cost O(queue length) on the
 * cancelling thread, often an event loop).
 */
final class PermitQueue {

    /** The hand-overs a release made from inside another hand-over on this thread, run by the outer one. */
    private static final ThreadLocal<@Nullable ArrayDeque<PermitWaiter>> HANDING_OVER = new ThreadLocal<>();

    private final ReentrantLock lock = new ReentrantLock();
    // The queue of waiters, oldest at the head; guarded by `lock`.
    private final WaitQueue<PermitWaiter> waiters = new WaitQueue<>();
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
        handOver(next);
    }

    /**
     * Runs {@code granted.onGranted()}, as a trampoline: a subscriber's onNext runs here and may release from inside
     * (a {@code withPermit(Mono)} that completes at once), which would hand the next permit over one frame deeper
     * each time; 10,000 queued subscribers overflowed the stack (Kotlin's MutexTest.testUnconfinedStackOverflow).
     * A release nested in a hand-over queues its waiter, and the outermost one runs them in turn. Every queued
     * waiter holds a granted permit, so each runs even if one before it throws; the first failure is rethrown.
     */
    private static void handOver(PermitWaiter granted) {
        if (!granted.runsSubscriber()) {
            // A wake-up cannot release from inside: no trampoline, and no ThreadLocal map on a coroutine's thread.
            granted.onGranted();
            return;
        }
        ArrayDeque<PermitWaiter> pending = HANDING_OVER.get();
        if (pending != null) {
            pending.add(granted);
            return;
        }
        pending = new ArrayDeque<>();
        HANDING_OVER.set(pending);
        @Nullable Throwable failure = null;
        try {
            for (@Nullable PermitWaiter next = granted; next != null; next = pending.poll()) {
                try {
                    next.onGranted();
                } catch (Throwable e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
        } finally {
            HANDING_OVER.remove();
        }
        if (failure != null) {
            throw Sneaky.raise(failure);
        }
    }

    /** Removes a queued waiter in O(1); a waiter not in the queue (granted meanwhile) is left alone. */
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
    abstract static class PermitWaiter extends WaitQueue.Node<PermitWaiter> {
        private static final int WAITING = 0;
        private static final int GRANTED = 1;
        private static final int CANCELLED = 2;
        private static final int SETTLED = 3;

        private static final AtomicIntegerFieldUpdater<PermitWaiter> STATE =
                AtomicIntegerFieldUpdater.newUpdater(PermitWaiter.class, "state");

        // A field with an updater rather than an AtomicInteger: the 16 bytes saved pay for the two links.
        private volatile int state;

        final boolean grant() {
            return STATE.compareAndSet(this, WAITING, GRANTED);
        }

        final boolean isWaiting() {
            return state == WAITING;
        }

        final boolean isGranted() {
            return state == GRANTED;
        }

        /** The waiter keeps its granted permit; false if a cancel gave it back first. */
        final boolean take() {
            return STATE.compareAndSet(this, GRANTED, SETTLED);
        }

        /** Gives up waiting: removes a queued waiter, or gives back a permit granted but not taken yet. */
        final void giveUp(PermitQueue queue, String release) {
            if (STATE.compareAndSet(this, WAITING, CANCELLED)) {
                queue.remove(this);
            } else if (STATE.compareAndSet(this, GRANTED, SETTLED)) {
                queue.release(release);
            }
        }

        abstract void onGranted();

        /** Whether {@link #onGranted} runs a subscriber's code, which may release again from inside it. */
        boolean runsSubscriber() {
            return false;
        }
    }
}
