package dev.coro;

import org.jspecify.annotations.Nullable;

/**
 * A FIFO of waiters that carry their own links (an intrusive doubly linked list), so that a waiter that gives up
 * (cancelled, or its select went another way) unlinks itself in O(1) wherever it stands: a channel's parked senders or
 * receivers, a mutex's or semaphore's acquirers. Guarded by its owner's lock.
 */
final class WaitQueue<N extends WaitQueue.Node<N>> {

    /** What a queue holds: the links live in the waiter, so queueing allocates nothing. */
    abstract static class Node<N extends Node<N>> {
        @Nullable
        N prev;

        @Nullable
        N next;

        boolean queued;
    }

    private @Nullable N head;
    private @Nullable N tail;
    private int size;

    void add(N node) {
        node.queued = true;
        node.prev = tail;
        node.next = null;
        if (tail == null) {
            head = node;
        } else {
            tail.next = node;
        }
        tail = node;
        size++;
    }

    /** Unlinks {@code node}; a node that is not queued (taken meanwhile) is left alone. */
    void remove(N node) {
        if (!node.queued) {
            return;
        }
        N p = node.prev;
        N n = node.next;
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
        size--;
    }

    /** Removes and returns the oldest node, or {@code null} when empty. */
    @Nullable
    N poll() {
        N h = head;
        if (h != null) {
            remove(h);
        }
        return h;
    }

    boolean isEmpty() {
        return head == null;
    }

    int size() {
        return size;
    }
}
