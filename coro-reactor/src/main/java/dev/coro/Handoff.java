package dev.coro;

import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * The turn-taking handshake between a two-way generator's caller and its body: exactly one side runs at a time, and
 * passing the turn wakes the other side.
 *
 * <p>Why a waiter does not park at once: a {@code send} round trip is two hand-offs, and a park/unpark pair costs
 * 0.4-0.6 µs between virtual threads and 20-40 µs when a parked platform thread must be woken. A virtual-thread
 * waiter first calls {@link Thread#yield()} a few times ({@link #YIELDS}): that puts it back on its carrier's queue
 * behind the other side, so a coroutine caller and the body hand the carrier to each other with no unpark and no OS
 * scheduling at all, even on a loaded machine. A platform-thread waiter (a test, {@code main}, JMH) spins briefly
 * ({@link #SPINS} pause instructions, a few µs) so that a quick reply does not pay a platform-thread wake-up; on one
 * core spinning only delays the other side, so it is off there. Both then park through {@link Suspension#await},
 * which handles cancellation.
 *
 * <p>Lost wake-ups are ruled out Dekker-style: the waiter publishes itself in a volatile field and re-reads the turn
 * before parking (inside {@link Suspension#await}); the passer writes the turn and then reads the waiter field.
 */
final class Handoff {

    static final int CALLER = 0;
    static final int BODY = 1;

    private static final boolean MULTICORE = Runtime.getRuntime().availableProcessors() > 1;

    /** Pause iterations of a platform-thread waiter before it parks; 0 parks at once (to measure the naive cost). */
    static final int SPINS = MULTICORE ? Integer.getInteger("coro.generator.spins", 1_000) : 0;

    /** {@code Thread.yield()} rounds of a virtual-thread waiter before it parks; 0 parks at once. */
    static final int YIELDS = Integer.getInteger("coro.generator.yields", 16);

    private volatile int turn;
    private volatile @Nullable Thread callerWaiter;
    private volatile @Nullable Thread bodyWaiter;

    Handoff(int initialTurn) {
        this.turn = initialTurn;
    }

    /** Gives the turn to {@code side}; everything written before this call is visible to it once it runs. */
    void pass(int side) {
        turn = side;
        Thread waiter = side == CALLER ? callerWaiter : bodyWaiter;
        if (waiter != null) {
            LockSupport.unpark(waiter);
        }
    }

    /**
     * Returns once it is {@code side}'s turn, spinning first and then parking through {@link Suspension#await}, so a
     * cancelled coroutine gets its {@link java.util.concurrent.CancellationException} and {@code onCancel} runs.
     */
    void await(int side, @Nullable Coroutine coroutine, Object what, Runnable onCancel) {
        Thread self = Thread.currentThread();
        if (self.isVirtual()) {
            for (int i = YIELDS; i > 0; i--) {
                if (turn == side) {
                    return;
                }
                Thread.yield();
            }
        } else {
            for (int i = SPINS; i > 0; i--) {
                if (turn == side) {
                    return;
                }
                Thread.onSpinWait();
            }
        }
        if (side == CALLER) {
            callerWaiter = self;
        } else {
            bodyWaiter = self;
        }
        try {
            Suspension.await(coroutine, what, new Turn(this, side, onCancel));
        } finally {
            if (side == CALLER) {
                callerWaiter = null;
            } else {
                bodyWaiter = null;
            }
        }
    }

    private record Turn(Handoff handoff, int side, Runnable onCancel) implements Suspension.Waitable {
        @Override
        public boolean isReady() {
            return handoff.turn == side;
        }

        @Override
        public void dispose() {
            onCancel.run();
        }
    }
}
