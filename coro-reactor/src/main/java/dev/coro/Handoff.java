package dev.coro;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
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
 * <p>Why a virtual-thread waiter spins first when the other side is mounted: a {@code Thread.yield()} is an unmount, a
 * scheduler submit and a mount (~200 ns), and it only helps when the other side waits behind it on the same carrier.
 * Each side marks itself {@code away} before it yields or parks and clears the mark once it runs again, so a waiter
 * that sees the other side not away knows that it is running right now on another carrier (or is a platform thread):
 * its reply comes without any scheduling, and a short bounded spin ({@link #MOUNTED_SPINS} pause instructions per
 * wait) catches it, which takes a round trip from two yields to two cache-line transfers. The mark is a hint read with
 * opaque access: a stale value costs a yield or a few spins, never correctness.
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

    /**
     * Pause iterations a virtual-thread waiter spends, per wait, while the other side is mounted on another carrier;
     * 0 always yields. Off on one core, where the other side cannot be running at the same time.
     */
    static final int MOUNTED_SPINS = MULTICORE ? Integer.getInteger("coro.generator.mountedSpins", 200) : 0;

    private static final VarHandle CALLER_AWAY;
    private static final VarHandle BODY_AWAY;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            CALLER_AWAY = lookup.findVarHandle(Handoff.class, "callerAway", boolean.class);
            BODY_AWAY = lookup.findVarHandle(Handoff.class, "bodyAway", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile int turn;
    /** Set while that side is yielded or parked (or not started): a hint for the other side, see the class doc. */
    @SuppressWarnings("unused") // accessed through CALLER_AWAY
    private boolean callerAway;

    @SuppressWarnings("unused") // accessed through BODY_AWAY
    private boolean bodyAway = true;

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
        VarHandle away = side == CALLER ? CALLER_AWAY : BODY_AWAY;
        if (self.isVirtual()) {
            VarHandle otherAway = side == CALLER ? BODY_AWAY : CALLER_AWAY;
            int spins = MOUNTED_SPINS;
            for (int i = YIELDS; i > 0; ) {
                if (turn == side) {
                    return;
                }
                if (spins > 0 && !(boolean) otherAway.getOpaque(this)) {
                    spins--;
                    Thread.onSpinWait();
                    continue;
                }
                away.setOpaque(this, true);
                Thread.yield();
                away.setOpaque(this, false);
                i--;
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
        away.setOpaque(this, true);
        try {
            Suspension.await(coroutine, what, new Turn(this, side, onCancel));
        } finally {
            away.setOpaque(this, false);
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
