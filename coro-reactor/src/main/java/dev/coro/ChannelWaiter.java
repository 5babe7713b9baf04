package dev.coro;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * A thread waiting in a channel operation or a select: Go's {@code g} with its {@code selectDone}. Its nodes sit in
 * channel queues; whoever completes one of them first claims the waiter with one CAS, which decides the select: every
 * other node of the waiter is stale from then on and is skipped (and unlinked) by whoever meets it, and unlinked by the
 * waiter itself when it wakes.
 *
 * <p>States: {@link #SCANNING} while the owner holds its channels' locks and looks for a ready clause (nothing else can
 * change the state then: its nodes are not queued yet, and a Mono clause only records its outcome); {@link #WAITING}
 * once its nodes are queued; then the winning clause's index, or {@link #CANCELLED} when the owner gave up first.
 */
final class ChannelWaiter implements Suspension.Waitable {

    static final int WAITING = -1;
    static final int CANCELLED = -2;
    static final int SCANNING = -3;

    private static final AtomicIntegerFieldUpdater<ChannelWaiter> STATE =
            AtomicIntegerFieldUpdater.newUpdater(ChannelWaiter.class, "state");

    final Thread thread;
    volatile int state;

    ChannelWaiter(Thread thread, int state) {
        this.thread = thread;
        this.state = state;
    }

    boolean isWaiting() {
        return state == WAITING;
    }

    /** Decides the wait for {@code clause} and wakes the owner; false when it was decided already. */
    boolean claim(int clause) {
        if (STATE.compareAndSet(this, WAITING, clause)) {
            Suspension.wake(thread);
            return true;
        }
        return false;
    }

    /** The owner's own decision while it holds its channels' locks: nobody else can change the state then. */
    void decide(int clause) {
        state = clause;
    }

    @Override
    public boolean isReady() {
        return state != WAITING;
    }

    /** Gives up (a cancel, an interrupt): decides the wait as cancelled unless a clause won first. */
    @Override
    public void dispose() {
        STATE.compareAndSet(this, WAITING, CANCELLED);
    }

    @Override
    public boolean isDisposed() {
        return state == CANCELLED;
    }

    @Override
    public String toString() {
        int s = state;
        return switch (s) {
            case WAITING -> "waiting";
            case CANCELLED -> "cancelled";
            case SCANNING -> "scanning";
            default -> "clause " + s + " won";
        };
    }
}
