package dev.coro;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Watches a scheduler's coroutines for the two ways one takes a carrier thread from all others: blocking while pinned
 * (JDK Flight Recorder's {@code jdk.VirtualThreadPinned}, streamed) and running long without a wait (sampled). Each
 * coroutine is reported once per kind, with its name and stack: logged at WARN by default, or given to a listener.
 *
 * <p>Nothing watches until a monitor is started: the Spring Boot starter starts one for its scheduler (off with
 * {@code coro.monitor.pinning.enabled=false} and {@code coro.monitor.hogging.enabled=false}); without Spring, start
 * one, and close it when done.
 *
 * <pre>{@code
 * try (CoroMonitor monitor = CoroMonitor.builder(scheduler).hoggingThreshold(Duration.ofMillis(200)).start()) {
 *     runTheApplication();
 * }
 * }</pre>
 *
 * <p><b>Threading.</b> The monitor works on two platform threads of its own (JFR's stream and a sampler), never on a
 * carrier; the listener is called on them, one report at a time per kind. The counts are safe from any thread.
 */
public final class CoroMonitor implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(CoroMonitor.class.getName());

    private final LongAdder pinned = new LongAdder();
    private final LongAdder hogging = new LongAdder();
    private final Consumer<CoroutineStall> listener;
    private final @Nullable PinningWatch pinning;
    private final @Nullable HoggingWatch hoggingWatch;

    private CoroMonitor(Builder b) {
        this.listener = b.listener;
        this.pinning = b.pinning ? startPinning(b.scheduler, b.pinningThreshold) : null;
        this.hoggingWatch = b.hogging ? new HoggingWatch(b.scheduler, b.hoggingThreshold, this::report) : null;
    }

    /**
     * Returns a builder of a monitor for the coroutines of {@code scheduler}.
     *
     * <pre>{@code
     * CoroMonitor monitor = CoroMonitor.builder(CoroScheduler.defaultScheduler()).start();
     * }</pre>
     *
     * @param scheduler whose coroutines to watch
     * @return a builder with both watches on, thresholds 20 ms (pinning) and 500 ms (hogging), reports logged
     */
    public static Builder builder(CoroScheduler scheduler) {
        return new Builder(Objects.requireNonNull(scheduler, "scheduler must not be null"));
    }

    private @Nullable PinningWatch startPinning(CoroScheduler scheduler, Duration threshold) {
        try {
            return new PinningWatch(scheduler, threshold, this::report);
        } catch (RuntimeException | LinkageError e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "Pinned coroutines are not reported: JDK Flight Recorder cannot stream in this JVM (" + e
                            + "). Run on a JDK with the jdk.jfr module and without -XX:-FlightRecorder, or switch "
                            + "the pinning watch off.");
            return null;
        }
    }

    private void report(CoroutineStall stall) {
        try {
            listener.accept(stall);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "CoroMonitor listener failed on " + stall.describe(), e);
        } finally {
            // After the listener: a count seen means the report was handled (logged).
            (stall.kind() == CoroutineStall.Kind.PINNED ? pinned : hogging).increment();
        }
    }

    /**
     * Returns whether pinned coroutines are watched: asked for, and JFR streaming could start.
     *
     * <pre>{@code
     * if (!monitor.watchesPinning()) log.info("no pinning reports in this JVM");
     * }</pre>
     *
     * @return {@code true} when the pinning watch runs
     */
    public boolean watchesPinning() {
        return pinning != null;
    }

    /**
     * Returns whether coroutines that run long without a wait are watched.
     *
     * <pre>{@code
     * boolean sampling = monitor.watchesHogging();
     * }</pre>
     *
     * @return {@code true} when the hogging watch runs
     */
    public boolean watchesHogging() {
        return hoggingWatch != null;
    }

    /**
     * Returns how many coroutines were reported pinned so far (each once).
     *
     * <pre>{@code
     * FunctionCounter.builder("coro.coroutines.pinned", monitor, CoroMonitor::pinnedCount).register(registry);
     * }</pre>
     *
     * @return the pinned coroutines reported
     */
    public long pinnedCount() {
        return pinned.sum();
    }

    /**
     * Returns how many coroutines were reported running too long without a wait so far (each once).
     *
     * <pre>{@code
     * FunctionCounter.builder("coro.coroutines.hogging", monitor, CoroMonitor::hoggingCount).register(registry);
     * }</pre>
     *
     * @return the hogging coroutines reported
     */
    public long hoggingCount() {
        return hogging.sum();
    }

    @Nullable
    HoggingWatch hoggingWatch() {
        return hoggingWatch;
    }

    /**
     * Stops watching: ends the JFR stream and the sampler. Idempotent.
     *
     * <pre>{@code
     * monitor.close();
     * }</pre>
     */
    @Override
    public void close() {
        if (pinning != null) {
            pinning.close();
        }
        if (hoggingWatch != null) {
            hoggingWatch.close();
        }
    }

    /**
     * Configures a {@link CoroMonitor}; every setting is optional.
     *
     * <p>Not thread-safe: configure it on one thread, then {@link #start()}.
     *
     * <pre>{@code
     * CoroMonitor.builder(scheduler).pinning(false).hoggingThreshold(Duration.ofSeconds(1)).start();
     * }</pre>
     */
    public static final class Builder {

        private final CoroScheduler scheduler;
        private boolean pinning = true;
        private Duration pinningThreshold = Duration.ofMillis(20);
        private boolean hogging = true;
        private Duration hoggingThreshold = Duration.ofMillis(500);
        private Consumer<CoroutineStall> listener = Builder::log;

        private Builder(CoroScheduler scheduler) {
            this.scheduler = scheduler;
        }

        private static void log(CoroutineStall stall) {
            LOG.log(System.Logger.Level.WARNING, stall.describe());
        }

        /**
         * Sets whether to report coroutines that block while pinned to their carrier (on by default).
         *
         * <pre>{@code
         * CoroMonitor.builder(scheduler).pinning(false).start();
         * }</pre>
         *
         * @param enabled {@code false} to start no JFR stream
         * @return this builder
         */
        public Builder pinning(boolean enabled) {
            this.pinning = enabled;
            return this;
        }

        /**
         * Sets how long a pinned coroutine must block to be reported (20 ms by default, the JDK's own default).
         *
         * <pre>{@code
         * CoroMonitor.builder(scheduler).pinningThreshold(Duration.ofMillis(5)).start();
         * }</pre>
         *
         * @param threshold zero or more
         * @return this builder
         */
        public Builder pinningThreshold(Duration threshold) {
            this.pinningThreshold = nonNegative(threshold, "pinningThreshold");
            return this;
        }

        /**
         * Sets whether to report coroutines that run long without a wait (on by default).
         *
         * <pre>{@code
         * CoroMonitor.builder(scheduler).hogging(false).start();
         * }</pre>
         *
         * @param enabled {@code false} to start no sampler
         * @return this builder
         */
        public Builder hogging(boolean enabled) {
            this.hogging = enabled;
            return this;
        }

        /**
         * Sets how long a coroutine may run without a wait before it is reported (500 ms by default). The sampler
         * looks every quarter of it, so a report comes between 1 and 1.25 thresholds after the last wait.
         *
         * <pre>{@code
         * CoroMonitor.builder(scheduler).hoggingThreshold(Duration.ofMillis(100)).start();
         * }</pre>
         *
         * @param threshold at least 4 ms
         * @return this builder
         */
        public Builder hoggingThreshold(Duration threshold) {
            Objects.requireNonNull(threshold, "hoggingThreshold must not be null");
            if (threshold.compareTo(Duration.ofMillis(4)) < 0) {
                throw new IllegalArgumentException("hoggingThreshold must be at least 4 ms, was " + threshold
                        + ": the sampler looks every quarter threshold and would cost more than it finds");
            }
            this.hoggingThreshold = threshold;
            return this;
        }

        /**
         * Sets who gets the reports instead of the default WARN log (logger {@code dev.coro.CoroMonitor}, through
         * {@link System.Logger}).
         *
         * <p>Called on the monitor's own platform threads; an exception it throws is logged and the monitor goes on.
         *
         * <pre>{@code
         * CoroMonitor.builder(scheduler).listener(stall -> log.warn(stall.describe())).start();
         * }</pre>
         *
         * @param listener receives each stalled coroutine once per kind
         * @return this builder
         */
        public Builder listener(Consumer<CoroutineStall> listener) {
            this.listener = Objects.requireNonNull(listener, "listener must not be null");
            return this;
        }

        /**
         * Starts the monitor.
         *
         * <p>Starts a JFR recording stream (pinning) and a sampler thread (hogging), as asked; when JFR cannot stream
         * here the pinning watch is logged as off and the rest starts.
         *
         * <pre>{@code
         * CoroMonitor monitor = CoroMonitor.builder(scheduler).start();
         * }</pre>
         *
         * @return the running monitor; close it to stop
         */
        public CoroMonitor start() {
            return new CoroMonitor(this);
        }

        private static Duration nonNegative(Duration d, String what) {
            Objects.requireNonNull(d, what + " must not be null");
            if (d.isNegative()) {
                throw new IllegalArgumentException(what + " must not be negative, was " + d);
            }
            return d;
        }
    }
}
