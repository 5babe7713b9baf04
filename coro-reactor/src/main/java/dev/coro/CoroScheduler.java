package dev.coro;

import java.time.Duration;
import java.time.Instant;
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

    /**
     * The Reactor Context key under which {@code Coro.mono}/{@code Coro.flux} look for a scheduler.
     *
     * <p>Read once per subscription, when the coroutine is created; coroutines started from inside a coroutine find it
     * too, since every await writes the coroutine's Context upstream.
     *
     * <pre>{@code
     * flux.contextWrite(Context.of(CoroScheduler.CONTEXT_KEY, scheduler));
     * }</pre>
     */
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

    /**
     * Returns the scheduler used when the Context names none: unbounded, names starting with {@code coro-}.
     *
     * <p>One shared instance for the whole JVM; it never queues a coroutine, so it applies no backpressure of its own.
     *
     * <pre>{@code
     * long running = CoroScheduler.defaultScheduler().activeCount();
     * }</pre>
     *
     * @return the default scheduler
     */
    public static CoroScheduler defaultScheduler() {
        return DEFAULT;
    }

    /**
     * Returns a builder for a scheduler of one's own.
     *
     * <p>The builder is not thread-safe; the scheduler it builds is. See {@link Builder#maxConcurrency(int)} for the
     * bound.
     *
     * <pre>{@code
     * CoroScheduler scheduler = CoroScheduler.builder().namePrefix("orders-").maxConcurrency(500).build();
     * }</pre>
     *
     * @return a new builder with the defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    static CoroScheduler from(ContextView context) {
        Object s = context.getOrDefault(CONTEXT_KEY, null);
        return s instanceof CoroScheduler scheduler ? scheduler : DEFAULT;
    }

    /**
     * Returns the prefix of coroutine (and thread) names.
     *
     * <pre>{@code
     * String prefix = scheduler.namePrefix(); // "coro-" for the default scheduler
     * }</pre>
     *
     * @return the prefix
     */
    public String namePrefix() {
        return namePrefix;
    }

    boolean isBounded() {
        return permits != null;
    }

    /**
     * Returns how many coroutines may run at once; {@link Integer#MAX_VALUE} means unbounded.
     *
     * <pre>{@code
     * boolean bounded = scheduler.maxConcurrency() != Integer.MAX_VALUE;
     * }</pre>
     *
     * @return the bound
     */
    public int maxConcurrency() {
        return maxConcurrency;
    }

    /**
     * Returns the number of coroutines alive now, queued ones included.
     *
     * <p>Safe from any thread and lock-free; the value is a snapshot that a coroutine starting or ending concurrently
     * may make stale at once.
     *
     * <pre>{@code
     * Gauge.builder("coro.active", scheduler, CoroScheduler::activeCount).register(registry);
     * }</pre>
     *
     * @return the live coroutines
     */
    public int activeCount() {
        return active.get();
    }

    /**
     * Returns the number of coroutines waiting for a slot because {@code maxConcurrency} is reached.
     *
     * <p>Safe from any thread and lock-free; the value is a snapshot that a coroutine starting or ending concurrently
     * may make stale at once. A queued coroutine whose subscriber cancels leaves the queue.
     *
     * <pre>{@code
     * if (scheduler.queuedCount() > 1_000) log.warn("coroutines are queuing up");
     * }</pre>
     *
     * @return the queued coroutines; always 0 on an unbounded scheduler
     */
    public int queuedCount() {
        Semaphore p = permits;
        return p == null ? 0 : p.getQueueLength();
    }

    /**
     * Returns the number of coroutines started since this scheduler was built.
     *
     * <p>Safe from any thread and lock-free; the value is a snapshot that a coroutine starting or ending concurrently
     * may make stale at once.
     *
     * <pre>{@code
     * FunctionCounter.builder("coro.started", scheduler, CoroScheduler::startedCount).register(registry);
     * }</pre>
     *
     * @return the coroutines started
     */
    public long startedCount() {
        return started.sum();
    }

    /**
     * Returns the number of coroutines whose body returned normally.
     *
     * <p>Safe from any thread and lock-free; the value is a snapshot that a coroutine starting or ending concurrently
     * may make stale at once. A coroutine that was cancelled counts in {@link #cancelledCount()} even if its body then
     * returned.
     *
     * <pre>{@code
     * long done = scheduler.completedCount();
     * }</pre>
     *
     * @return the coroutines completed
     */
    public long completedCount() {
        return completed.sum();
    }

    /**
     * Returns the number of coroutines whose body threw (cancellations excluded).
     *
     * <p>Safe from any thread and lock-free; the value is a snapshot that a coroutine starting or ending concurrently
     * may make stale at once.
     *
     * <pre>{@code
     * double failureRate = (double) scheduler.failedCount() / scheduler.startedCount();
     * }</pre>
     *
     * @return the coroutines failed
     */
    public long failedCount() {
        return failed.sum();
    }

    /**
     * Returns the number of coroutines that ended because they were cancelled.
     *
     * <p>Safe from any thread and lock-free; the value is a snapshot that a coroutine starting or ending concurrently
     * may make stale at once. A coroutine counts once it has ended, not when the cancel is requested.
     *
     * <pre>{@code
     * long disconnects = scheduler.cancelledCount();
     * }</pre>
     *
     * @return the coroutines cancelled
     */
    public long cancelledCount() {
        return cancelled.sum();
    }

    /**
     * Returns the time all coroutines together spent suspended in awaits and in {@code yield}.
     *
     * <p>Safe from any thread and lock-free; the value is a snapshot that a coroutine starting or ending concurrently
     * may make stale at once. A suspension counts once it ends, so time spent in suspensions still going on is not
     * included; waiting for demand in {@code yield} (backpressure) counts.
     *
     * <pre>{@code
     * Duration waited = scheduler.totalSuspendedTime();
     * }</pre>
     *
     * @return the total suspended time
     */
    public Duration totalSuspendedTime() {
        return Duration.ofNanos(suspendedNanos.sum());
    }

    /**
     * Returns a snapshot of every live coroutine, oldest first: a coroutine dump.
     *
     * <p>Safe from any thread; the coroutines are not stopped, so each entry (state, what it awaits, stack) is read at
     * a slightly different moment. It costs a stack walk per coroutine: call it for debugging, not on a hot path.
     *
     * <pre>{@code
     * for (CoroutineInfo c : scheduler.coroutines()) {
     *     log.info("{} {} {} awaiting {}", c.name(), c.state(), c.age(), c.awaiting());
     * }
     * }</pre>
     *
     * @return the live coroutines of this scheduler
     */
    public List<CoroutineInfo> coroutines() {
        List<Coroutine> live = live();
        // Outside the locks: a stack trace per coroutine takes far longer than a start.
        List<CoroutineInfo> infos = new ArrayList<>(live.size());
        for (Coroutine c : live) {
            infos.add(c.info());
        }
        infos.sort((a, b) -> a.startedAt().compareTo(b.startedAt()));
        return infos;
    }

    /** The live coroutines, in no order: each stripe is copied under its lock. */
    List<Coroutine> live() {
        List<Coroutine> live = new ArrayList<>();
        for (Stripe stripe : stripes) {
            synchronized (stripe) {
                for (Coroutine c = stripe.head; c != null; c = c.next) {
                    live.add(c);
                }
            }
        }
        return live;
    }

    /**
     * Returns the live coroutines grouped by place (state, awaited publisher, identical stack), largest group first: a
     * grouped dump, as Go groups a goroutine dump, so that 10,000 coroutines parked at two lines read as two groups.
     *
     * <p>Safe from any thread and as costly as {@link #coroutines()} (a stack walk per coroutine; grouping adds little:
     * see docs/benchmarks.md): call it for debugging. Coroutines that move while the dump is taken land in the group of
     * the moment their own snapshot was taken.
     *
     * <pre>{@code
     * CoroutineGroup largest = scheduler.coroutineGroups().get(0);
     * log.warn("{} coroutines wait on {}", largest.count(), largest.awaiting());
     * }</pre>
     *
     * @return the groups, by count descending; equal counts by age of their oldest coroutine, oldest first
     */
    public List<CoroutineGroup> coroutineGroups() {
        return CoroutineGroups.of(coroutines());
    }

    /**
     * Returns {@link #coroutineGroups()} as text, one paragraph per group with its count, state, awaited publisher,
     * oldest age, a few names and its stack: for logs, a terminal, or a plain-text endpoint.
     *
     * <p>Safe from any thread, as costly as {@link #coroutineGroups()}. The format is for people, not parsers: it may
     * change between versions; read {@link #coroutineGroups()} for fields.
     *
     * <pre>{@code
     * log.info("Coroutines before shutdown:\n{}", CoroScheduler.defaultScheduler().dump());
     * }</pre>
     *
     * @return the grouped dump, ending with a newline
     */
    public String dump() {
        return CoroutineGroups.text(namePrefix, Instant.now(), coroutineGroups());
    }

    /**
     * Returns the age of the oldest coroutine that is suspended now (in an await, a join, a {@code yield} waiting for
     * demand...), or zero when none is: a coroutine stuck on a publisher that never signals makes it grow without end.
     *
     * <p>Safe from any thread; no stack is walked, but every live coroutine is visited under its registry stripe's
     * lock (a coroutine starting or ending on that stripe waits for the walk): fine for a metrics scrape, not for a
     * hot path.
     *
     * <pre>{@code
     * if (scheduler.oldestSuspendedAge().compareTo(Duration.ofMinutes(5)) > 0) log.warn(scheduler.dump());
     * }</pre>
     *
     * @return how long the oldest suspended coroutine has been alive, {@link Duration#ZERO} when none is suspended
     */
    public Duration oldestSuspendedAge() {
        long now = System.nanoTime();
        long oldest = now;
        for (Stripe stripe : stripes) {
            synchronized (stripe) {
                for (Coroutine c = stripe.head; c != null; c = c.next) {
                    if (c.isSuspended() && c.startNanos - oldest < 0) {
                        oldest = c.startNanos;
                    }
                }
            }
        }
        return Duration.ofNanos(now - oldest);
    }

    String nextName(String kind) {
        return namePrefix + kind + "-" + sequence.incrementAndGet();
    }

    /** Counts and registers a coroutine whose thread is about to start. */
    void launched(Coroutine coroutine) {
        register(coroutine);
        active.incrementAndGet();
        started.increment();
    }

    /** Undoes {@link #launched} for a coroutine whose thread could not start. */
    void notStarted(Coroutine coroutine) {
        unregister(coroutine);
        active.decrementAndGet();
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
     * taken (and must be released); an interrupt (a cancel) while queued leaves the queue.
     */
    boolean acquireSlot(Coroutine coroutine) throws InterruptedException {
        Semaphore p = permits;
        if (p == null || coroutine.sharesSlot) {
            return false;
        }
        p.acquire();
        return true;
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

    /**
     * Builds a {@link CoroScheduler}; every setting is optional.
     *
     * <p>Not thread-safe: configure it on one thread, then share the scheduler it builds.
     *
     * <pre>{@code
     * CoroScheduler scheduler = CoroScheduler.builder().maxConcurrency(100).build();
     * }</pre>
     */
    public static final class Builder {

        private String namePrefix = "coro-";
        private int maxConcurrency = Integer.MAX_VALUE;

        private Builder() {}

        /**
         * Sets the prefix of coroutine and thread names ({@code coro-} by default).
         *
         * <p>Names are {@code prefix + "mono-" + n} (or {@code flux-}, and so on); a name given to the Mono or Flux, as
         * in {@link Coro#mono(String, CoroutineBody)}, replaces the whole name.
         *
         * <pre>{@code
         * CoroScheduler.builder().namePrefix("orders-").build(); // coroutines named orders-mono-1, ...
         * }</pre>
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
         * <p>The bound is backpressure by queuing: a coroutine beyond it parks on its own virtual thread, in FIFO
         * order, before its body runs; none is rejected. Cancelling a queued coroutine removes it from the queue
         * without running its body.
         *
         * <pre>{@code
         * CoroScheduler.builder().maxConcurrency(500).build();
         * }</pre>
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

        /**
         * Returns the scheduler.
         *
         * <p>The scheduler is thread-safe; building several from one builder gives independent schedulers, each with
         * its own bound and counters.
         *
         * <pre>{@code
         * CoroScheduler scheduler = CoroScheduler.builder().namePrefix("jobs-").build();
         * }</pre>
         *
         * @return a new scheduler
         */
        public CoroScheduler build() {
            return new CoroScheduler(this);
        }
    }
}
