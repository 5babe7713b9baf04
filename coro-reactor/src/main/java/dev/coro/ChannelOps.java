package dev.coro;

import java.util.concurrent.CancellationException;
import org.jspecify.annotations.Nullable;

/**
 * A plain {@code send} or {@code receive}: try under the channel's lock, else queue a node, unlock and park. The park
 * goes through the engine seam, {@link Suspension#enter} and {@link Suspension#await}, like every other wait.
 *
 * <p>Why a virtual thread yields before it parks: a rendezvous hand-off wakes the other side, and a park/unpark pair
 * between virtual threads costs 0.4-0.6 µs. A few {@link Thread#yield()} rounds ({@link #YIELDS}) put the waiter
 * behind the other side on its carrier's queue, so that a reply that comes quickly needs no unpark. The rounds are
 * bounded: after them the waiter parks, whatever the other side does.
 */
final class ChannelOps {

    /** {@code Thread.yield()} rounds of a virtual-thread waiter before it parks; 0 parks at once. */
    static final int YIELDS = Integer.getInteger("coro.channel.yields", 8);

    private ChannelOps() {}

    /** Sends, waiting while the channel has no room: {@link ChannelCore#SENT} or the {@link ChannelCore.Closed}. */
    static Object send(ChannelCore core, Object value, String what) {
        Coroutine coroutine = Suspension.enter(what);
        ChannelNode node;
        core.lock.lock();
        try {
            Object r = core.trySendLocked(value);
            if (r != ChannelCore.NOT_READY) {
                return r;
            }
            node = new ChannelNode(new ChannelWaiter(Thread.currentThread(), ChannelWaiter.WAITING), 0, value);
            core.senders.add(node);
        } finally {
            core.lock.unlock();
        }
        try {
            park(node.waiter, coroutine, what);
        } catch (CancellationException e) {
            // A send that a receiver took in the instant of the cancel stays delivered, as in Kotlin: the exception
            // does not mean the value was not sent.
            unlink(core, core.senders, node);
            throw e;
        }
        return nonNull(node.outcome);
    }

    /**
     * Receives, waiting while the channel is empty: the value or the {@link ChannelCore.Closed}. A value taken in the
     * instant of a cancel goes to {@code lost} before the {@link CancellationException} is thrown.
     */
    static Object receive(ChannelCore core, String what, Lost lost) {
        Coroutine coroutine = Suspension.enter(what);
        ChannelNode node;
        core.lock.lock();
        try {
            Object r = core.tryReceiveLocked();
            if (r != ChannelCore.NOT_READY) {
                return r;
            }
            node = new ChannelNode(new ChannelWaiter(Thread.currentThread(), ChannelWaiter.WAITING), 0, null);
            core.receivers.add(node);
        } finally {
            core.lock.unlock();
        }
        try {
            park(node.waiter, coroutine, what);
        } catch (CancellationException e) {
            unlink(core, core.receivers, node);
            if (node.waiter.state >= 0 && !(node.outcome instanceof ChannelCore.Closed)) {
                lost.lost(nonNull(node.outcome), coroutine);
            }
            throw e;
        }
        return nonNull(node.outcome);
    }

    /** Where a value goes that was received for a waiter that was cancelled at the same time. */
    interface Lost {
        void lost(Object value, @Nullable Coroutine coroutine);
    }

    /**
     * Parks until {@code waiter} is decided. Returns normally only when a clause won and the coroutine was not
     * cancelled: a cancelled coroutine never resumes successfully from a channel wait (prompt cancellation).
     */
    static void park(ChannelWaiter waiter, @Nullable Coroutine coroutine, Object what) {
        if (YIELDS > 0 && Thread.currentThread().isVirtual()) {
            for (int i = YIELDS; i > 0 && waiter.isWaiting(); i--) {
                Thread.yield();
            }
        }
        // Suspension.await throws for a cancelled coroutine even when the waiter was decided at the same time.
        Suspension.await(coroutine, what, waiter);
        if (waiter.state == ChannelWaiter.CANCELLED) {
            throw coroutine != null
                    ? coroutine.cancellation()
                    : new CancellationException(what + ": the wait was cancelled");
        }
    }

    /** Takes a node that gave up out of its queue, so that a cancelled waiter leaves nothing behind. */
    static void unlink(ChannelCore core, WaitQueue<ChannelNode> queue, ChannelNode node) {
        core.lock.lock();
        try {
            queue.remove(node);
        } finally {
            core.lock.unlock();
        }
    }

    static Object nonNull(@Nullable Object value) {
        if (value == null) {
            throw new IllegalStateException("a decided channel wait has an outcome");
        }
        return value;
    }
}
