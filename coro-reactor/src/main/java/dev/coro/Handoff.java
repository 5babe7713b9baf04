package dev.coro;

import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * The turn-taking handshake between a two-way generator's caller and its body: exactly one side runs at a time, and
 * passing the turn wakes the other side.
 *
 * <p>Why spin before parking: waking a parked platform thread costs 20-40 µs on our machines and waking a parked
 * virtual thread 0.4-0.6 µs, while a hand-off to a thread that is still running costs one cache-line transfer
 * (~0.1 µs). A {@code send} round trip is two hand-offs, so a caller that sends in a loop would pay two wake-ups per
 * element if both sides parked at once. Each side therefore spins for a bounded time ({@link #SPINS} pause
 * instructions, a few µs: about the cost of one platform-thread wake-up saved) before it parks. On one core spinning
 * only delays the other side, so it is off there.
 *
 * <p>Lost wake-ups are ruled out Dekker-style: the waiter publishes itself in a volatile field and re-reads the turn
 * before parking (inside {@link Suspension#await}); the passer writes the turn and then reads the waiter field.
 */
final class Handoff {

    static final int CALLER = 0;
    static final int BODY = 1;

    /** Pause iterations before parking; {@code -Dcoro.generator.spins=0} parks at once (to measure the naive cost). */
    static final int SPINS =
            Runtime.getRuntime().availableProcessors() > 1 ? Integer.getInteger("coro.generator.spins", 20_000) : 0;

    private volatile int turn;
    private volatile @Nullable Thread callerWaiter;
    private volatile @Nullable Thread bodyWaiter;

    Handoff(int initialTurn) {
        this.turn = initialTurn;
    }

    boolean isTurn(int side) {
        return turn == side;
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
        for (int i = SPINS; i > 0; i--) {
            if (turn == side) {
                return;
            }
            Thread.onSpinWait();
        }
        Thread self = Thread.currentThread();
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
