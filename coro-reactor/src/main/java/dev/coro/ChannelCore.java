package dev.coro;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * A channel's state, after Go's {@code hchan}: one lock, a bounded (or unlimited) buffer, a queue of parked receivers
 * and one of parked senders. Every method named {@code ...Locked} runs with {@link #lock} held; none of them waits.
 * Waiting is the caller's job ({@link ChannelOps}, {@link Selector}): queue a node, unlock, park.
 *
 * <p>Invariants under the lock, as in Go: receivers wait only while the buffer is empty; senders wait only while it is
 * full (a rendezvous channel's buffer is always full). A closed channel has no waiters.
 */
final class ChannelCore {

    /** Outcome of a send that went through: into the buffer, or to a receiver. */
    static final Object SENT = new Object() {
        @Override
        public String toString() {
            return "sent";
        }
    };

    /** Outcome of a non-blocking attempt that would have to wait. */
    static final Object NOT_READY = new Object() {
        @Override
        public String toString() {
            return "not ready";
        }
    };

    /** Outcome on a closed channel: {@code error} is {@code null} when it was closed by {@code done()}. */
    record Closed(@Nullable Throwable error) {}

    private static final AtomicLong IDS = new AtomicLong();

    /** A select locks its channels in ascending id: two selects over the same channels cannot deadlock. */
    final long id = IDS.incrementAndGet();

    final ReentrantLock lock = new ReentrantLock();
    /** 0 for a rendezvous channel, {@link Integer#MAX_VALUE} for an unlimited one. */
    private final int capacity;

    private final @Nullable ArrayDeque<Object> buffer;
    final WaitQueue<ChannelNode> receivers = new WaitQueue<>();
    final WaitQueue<ChannelNode> senders = new WaitQueue<>();
    /** Written under the lock; volatile for the lock-free snapshots. */
    private volatile @Nullable Closed closed;

    ChannelCore(int capacity) {
        this.capacity = capacity;
        this.buffer = capacity == 0 ? null : new ArrayDeque<>(Math.min(capacity, 16));
    }

    /** Sends without waiting: {@link #SENT}, {@link #NOT_READY}, or the {@link Closed} outcome. */
    Object trySendLocked(Object value) {
        Closed c = closed;
        if (c != null) {
            return c;
        }
        for (ChannelNode r; (r = receivers.poll()) != null; ) {
            if (r.complete(value)) {
                return SENT;
            }
        }
        ArrayDeque<Object> b = buffer;
        if (b != null && b.size() < capacity) {
            b.addLast(value);
            return SENT;
        }
        return NOT_READY;
    }

    /** Receives without waiting: the value, {@link #NOT_READY}, or the {@link Closed} outcome once drained. */
    Object tryReceiveLocked() {
        ArrayDeque<Object> b = buffer;
        if (b != null && !b.isEmpty()) {
            Object value = b.pollFirst();
            // The buffer has room now: the first sender still waiting moves its value in and goes on.
            for (ChannelNode s; (s = senders.poll()) != null; ) {
                if (s.complete(SENT)) {
                    b.addLast(nonNull(s.item));
                    break;
                }
            }
            return nonNull(value);
        }
        for (ChannelNode s; (s = senders.poll()) != null; ) {
            if (s.complete(SENT)) {
                return nonNull(s.item);
            }
        }
        Closed c = closed;
        return c != null ? c : NOT_READY;
    }

    /**
     * Closes the channel: {@code error == null} for {@code done()} (receivers drain the buffer first), else the
     * buffer is dropped. Every waiter wakes with the closed outcome. Returns false when it was closed already.
     */
    boolean closeLocked(@Nullable Throwable error) {
        if (closed != null) {
            return false;
        }
        Closed c = new Closed(error);
        closed = c;
        if (error != null && buffer != null) {
            buffer.clear();
        }
        for (ChannelNode n; (n = receivers.poll()) != null; ) {
            n.complete(c);
        }
        for (ChannelNode n; (n = senders.poll()) != null; ) {
            n.complete(c);
        }
        return true;
    }

    @Nullable
    Closed closed() {
        return closed;
    }

    boolean isClosedForReceive() {
        Closed c = closed;
        if (c == null) {
            return false;
        }
        if (c.error() != null || buffer == null) {
            return true;
        }
        lock.lock();
        try {
            return buffer.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /** How many nodes are queued, stale ones included: what a waiter that gave up must not leave behind. */
    int queuedNodes() {
        lock.lock();
        try {
            return receivers.size() + senders.size();
        } finally {
            lock.unlock();
        }
    }

    private static Object nonNull(@Nullable Object value) {
        if (value == null) {
            throw new IllegalStateException("a channel holds no null values");
        }
        return value;
    }
}
