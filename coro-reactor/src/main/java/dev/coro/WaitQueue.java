package dev.coro;

import org.jspecify.annotations.Nullable;

/**
 * A channel's FIFO of parked senders or receivers: an intrusive doubly linked list, so that a waiter that gives up
 * (cancelled, or its select went another way) unlinks itself in O(1). Guarded by the channel's lock.
 */
final class WaitQueue {

    private @Nullable ChannelNode head;
    private @Nullable ChannelNode tail;

    void add(ChannelNode node) {
        node.queued = true;
        node.prev = tail;
        node.next = null;
        if (tail == null) {
            head = node;
        } else {
            tail.next = node;
        }
        tail = node;
    }

    void remove(ChannelNode node) {
        if (!node.queued) {
            return;
        }
        ChannelNode p = node.prev;
        ChannelNode n = node.next;
        if (p == null) {
            head = n;
        } else {
            p.next = n;
        }
        if (n == null) {
            tail = p;
        } else {
            n.prev = p;
        }
        node.prev = null;
        node.next = null;
        node.queued = false;
    }

    /** Removes and returns the first node, or {@code null} when empty. */
    @Nullable
    ChannelNode poll() {
        ChannelNode h = head;
        if (h != null) {
            remove(h);
        }
        return h;
    }

    int size() {
        int n = 0;
        for (ChannelNode x = head; x != null; x = x.next) {
            n++;
        }
        return n;
    }
}
