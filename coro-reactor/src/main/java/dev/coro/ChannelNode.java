package dev.coro;

import org.jspecify.annotations.Nullable;

/**
 * One waiting operation of one {@link ChannelWaiter}, queued on one channel: Go's {@code sudog}. A select queues one
 * node per channel clause, so the same waiter may sit in several queues, and twice in one channel's queues.
 *
 * <p>The links are guarded by the lock of the channel whose queue holds the node. {@link #outcome} is written only by
 * the party that holds that lock and has just dequeued the node, before it claims the waiter; the claim's CAS
 * publishes it to the waiter's thread.
 */
final class ChannelNode extends WaitQueue.Node<ChannelNode> {

    final ChannelWaiter waiter;
    /** The clause of the waiter's select this node stands for; 0 for a plain send or receive. */
    final int clause;
    /** The value a send offers; {@code null} for a receive. */
    final @Nullable Object item;

    /** What the claimer handed over: the received value, {@link ChannelCore#SENT}, or a {@link ChannelCore.Closed}. */
    @Nullable
    Object outcome;

    ChannelNode(ChannelWaiter waiter, int clause, @Nullable Object item) {
        this.waiter = waiter;
        this.clause = clause;
        this.item = item;
    }

    /** Hands {@code value} to this node's waiter if it still waits; false when the waiter went with another clause. */
    boolean complete(Object value) {
        outcome = value;
        return waiter.claim(clause);
    }
}
