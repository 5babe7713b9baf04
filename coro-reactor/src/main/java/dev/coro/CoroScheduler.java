package dev.coro;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import reactor.util.context.ContextView;

/**
 * Where coroutines run: one virtual thread per coroutine, with a name prefix, an optional bound on how many run at
 * once, and the bookkeeping behind metrics and coroutine dumps.
 *
 * <p>{@code Coro.mono} and {@code Coro.flux} use the scheduler found in the subscriber's Reactor {@code Context} under
 * {@link #CONTEXT_KEY}, else {@link #defaultScheduler()}. Coroutines started inside a coroutine inherit it, because
 * every await carries the coroutine's Context upstream.
 *
 * <p><b>Threading, cancellation, backpressure.</b> All methods are thread-safe. With {@code maxConcurrency} set,
 * coroutines beyond the bound wait in FIFO order, parked, until a running one ends: none is rejected or dropped. A
 * queued coroutine whose subscriber cancels leaves the queue without ever running its body.
 *
 * <pre>{@code
 * CoroScheduler scheduler = CoroScheduler.builder().namePrefix("orders-").maxConcurrency(500).build();
 * Mono<Order> order = Coro.mono(() -> load(id))
 *         .contextWrite(Context.of(CoroScheduler.CONTEXT_KEY, scheduler));
 * }</pre>
 */
public final class CoroScheduler {

    /** The Reactor Context key under which {@code Coro.mono}/{@code Coro.flux} look for a scheduler. */
    public static final Object CONTEXT_KEY = CoroScheduler.class;

    /** Marks, in a coroutine's Context, the bounded scheduler whose slot it holds; the value is that scheduler. */
    static final Object SLOT_KEY = new Object() {
        @Override
        public String toString() {
            return "coro.scheduler.slot";
        }
    };

    // Before DEFAULT, which needs it: the next power of two from 8 per processor, at most 64.
    private static final int STRIPES =
            Math.min(64, Integer.highestOneBit(Math.max(1, Runtime.getRuntime().availableProcessors()) * 8 - 1) << 1);

    private static final CoroScheduler DEFAULT = builder().build();

    private final String namePrefix;
    private final int maxConcurrency;
    private final @Nullable Semaphore permits;
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicInteger active = new AtomicInteger();
    private final LongAdder started = new LongAdder();
    private final LongAdder completed = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder cancelled = new LongAdder();
    private final LongAdder suspendedNanos = new LongAdder();
    /**
     * The live coroutines, for {@link #coroutines()}: doubly-linked lists through the coroutines themselves (8 bytes
     * each; a ConcurrentHashMap entry cost 32 plus its table slot), one per stripe so that coroutines starting and
     * ending on many threads at once seldom meet on a lock.
     */
    private final Stripe[] stripes = new Stripe[STRIPES];

    private static final class Stripe {
        @Nullable
        Coroutine head;
    }

    private CoroScheduler(Builder builder) {
        this.namePrefix = builder.namePrefix;
        this.maxConcurrency = builder.maxConcurrency;
        this.permits = builder.maxConcurrency == Integer.MAX_VALUE ? null : new Semaphore(builder.maxConcurrency, true);
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new Stripe();
        }
    }

    /** Returns the scheduler used when the Context names none: unbounded, names starting with {@code coro-}. */
    public static CoroScheduler defaultScheduler() {
        return DEFAULT;
    }

    /** Returns a builder for a scheduler of one's own. */
    public static Builder builder() {
        return new Builder();
    }

    static CoroScheduler from(ContextView context) {
        Object s = context.getOrDefault(CONTEXT_KEY, null);
        return s instanceof CoroScheduler scheduler ? scheduler : DEFAULT;
    }

    /** Returns the prefix of coroutine (and thread) names. */
    public String namePrefix() {
        return namePrefix;
    }

    boolean isBounded() {
        return permits != null;
    }

    /** Returns how many coroutines may run at once; {@link Integer#MAX_VALUE} means unbounded. */
    public int maxConcurrency() {
        return maxConcurrency;
    }

    /** Returns the number of coroutines alive now, queued ones included. */
    public int activeCount() {
        return active.get();
    }

    /** Returns the number of coroutines waiting for a slot because {@code maxConcurrency} is reached. */
    public int queuedCount() {
        Semaphore p = permits;
        return p == null ? 0 : p.getQueueLength();
    }

    /** Returns the number of coroutines started since this scheduler was built. */
    public long startedCount() {
        return started.sum();
    }

    /** Returns the number of coroutines whose body returned normally. */
    public long completedCount() {
        return completed.sum();
    }

    /** Returns the number of coroutines whose body threw (cancellations excluded). */
    public long failedCount() {
        return failed.sum();
    }

    /** Returns the number of coroutines that ended because they were cancelled. */
    public long cancelledCount() {
        return cancelled.sum();
    }

    /** Returns the time all coroutines together spent suspended in awaits and in {@code yield}. */
    public Duration totalSuspendedTime() {
        return Duration.ofNanos(suspendedNanos.sum());
    }

    /** Returns a snapshot of every live coroutine, oldest first. */
    public List<CoroutineInfo> coroutines() {
        List<Coroutine> live = new ArrayList<>();
        for (Stripe stripe : stripes) {
            synchronized (stripe) {
                for (Coroutine c = stripe.head; c != null; c = c.next) {
                    live.add(c);
                }
            }
        }
        // Outside the locks: a stack trace per coroutine takes far longer than a start.
        List<CoroutineInfo> infos = new ArrayList<>(live.size());
        for (Coroutine c : live) {
            infos.add(c.info());
        }
        infos.sort((a, b) -> a.startedAt().compareTo(b.startedAt()));
        return infos;
    }

    String nextName(String kind) {
        return namePrefix + kind + "-" + sequence.incrementAndGet();
    }

    void launch(Coroutine coroutine) {
        // The coroutine is its thread's uncaught-exception handler: that is how Coroutine.current() finds it.
        Thread thread = Thread.ofVirtual()
                .name(coroutine.name)
                .uncaughtExceptionHandler(coroutine)
                .unstarted(coroutine);
        coroutine.thread = thread;
        register(coroutine);
        active.incrementAndGet();
        started.increment();
        try {
            thread.start();
        } catch (Throwable e) {
            unregister(coroutine);
            active.decrementAndGet();
            throw e;
        }
    }

    private Stripe stripe(Coroutine coroutine) {
        // Fibonacci hashing of the start time: any spread is correct, this one is even and needs no field.
        return stripes[(int) ((coroutine.startNanos * 0x9E3779B97F4A7C15L) >>> 58) & (STRIPES - 1)];
    }

    private void register(Coroutine coroutine) {
        Stripe stripe = stripe(coroutine);
        synchronized (stripe) {
            Coroutine head = stripe.head;
            coroutine.next = head;
            if (head != null) {
                head.prev = coroutine;
            }
            stripe.head = coroutine;
        }
    }

    private void unregister(Coroutine coroutine) {
        Stripe stripe = stripe(coroutine);
        synchronized (stripe) {
            Coroutine prev = coroutine.prev;
            Coroutine next = coroutine.next;
            if (prev != null) {
                prev.next = next;
            } else if (stripe.head == coroutine) {
                stripe.head = next;
            } else {
                return; // not in the list
            }
            if (next != null) {
                next.prev = prev;
            }
            coroutine.prev = null;
            coroutine.next = null;
        }
    }

    /**
     * Waits, on the coroutine's thread, for a slot when {@code maxConcurrency} is set. Returns whether a slot was
     * taken (and must be released); a coroutine cancelled while queued is marked cancelled and runs no slot.
     */
    boolean acquireSlot(Coroutine coroutine) {
        Semaphore p = permits;
        if (p == null || coroutine.sharesSlot) {
            return false;
        }
        try {
            p.acquire();
            return true;
        } catch (InterruptedException e) {
            // Cancelled while queued: the body never runs; the coroutine reports the cancellation to the subscriber.
            coroutine.cancelled = true;
            return false;
        }
    }

    void releaseSlot() {
        Semaphore p = permits;
        if (p != null) {
            p.release();
        }
    }

    void finished(Coroutine coroutine, @Nullable Throwable error) {
        unregister(coroutine);
        active.decrementAndGet();
        if (coroutine.cancelled || error instanceof CancellationException) {
            cancelled.increment();
        } else if (error != null) {
            failed.increment();
        } else {
            completed.increment();
        }
    }

    void suspended(long nanos) {
        suspendedNanos.add(nanos);
    }

    @Override
    public String toString() {
        return "CoroScheduler[namePrefix=" + namePrefix + ", maxConcurrency="
                + (maxConcurrency == Integer.MAX_VALUE ? "unbounded" : maxConcurrency) + "]";
    }

    /** Builds a {@link CoroScheduler}; every setting is optional. */
    public static final class Builder {

        private String namePrefix = "coro-";
        private int maxConcurrency = Integer.MAX_VALUE;

        private Builder() {}

        /**
         * Sets the prefix of coroutine and thread names ({@code coro-} by default).
         *
         * @param namePrefix a non-empty prefix
         * @return this builder
         */
        public Builder namePrefix(String namePrefix) {
            Objects.requireNonNull(namePrefix, "namePrefix must not be null");
            if (namePrefix.isBlank()) {
                throw new IllegalArgumentException("namePrefix must not be blank: it starts every coroutine's name");
            }
            this.namePrefix = namePrefix;
            return this;
        }

        /**
         * Bounds how many coroutines run at once; the others wait in FIFO order (unbounded by default).
         *
         * <p>The bound counts top-level coroutines: one started with the Context of a running coroutine of this
         * scheduler (an awaited {@code Coro.mono}, a fork, the handler behind a coroutine filter) runs in that
         * coroutine's slot, since the parent waits for it and separate slots could deadlock.
         *
         * @param maxConcurrency at least 1, or {@link Integer#MAX_VALUE} for unbounded
         * @return this builder
         */
        public Builder maxConcurrency(int maxConcurrency) {
            if (maxConcurrency < 1) {
                throw new IllegalArgumentException("maxConcurrency must be at least 1, was " + maxConcurrency
                        + "; use Integer.MAX_VALUE for no bound");
            }
            this.maxConcurrency = maxConcurrency;
            return this;
        }

        /** Returns the scheduler. */
        public CoroScheduler build() {
            return new CoroScheduler(this);
        }
    }
}
