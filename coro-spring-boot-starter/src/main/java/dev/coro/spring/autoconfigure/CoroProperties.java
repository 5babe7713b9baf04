package dev.coro.spring.autoconfigure;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of coro-reactor's Spring Boot integration, under the {@code coro} prefix.
 *
 * <p>Read once at startup to build the {@link dev.coro.CoroScheduler} bean and decide which integrations to switch on;
 * invalid values fail startup with a binding error naming the property.
 *
 * <pre>{@code
 * coro.scheduler.name-prefix=orders-
 * coro.scheduler.max-concurrency=500
 * }</pre>
 */
@ConfigurationProperties("coro")
public class CoroProperties {

    /** Whether coro-reactor's auto-configuration is enabled. */
    private boolean enabled = true;

    private final Webflux webflux = new Webflux();

    private final Scheduler scheduler = new Scheduler();

    private final Monitor monitor = new Monitor();

    /**
     * Returns whether coro-reactor's auto-configuration is enabled.
     *
     * @return {@code true} unless {@code coro.enabled=false}
     */
    public boolean isEnabled() {
        return this.enabled;
    }

    /**
     * Sets whether coro-reactor's auto-configuration is enabled.
     *
     * @param enabled {@code false} to switch every coro bean off
     */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /**
     * Returns the WebFlux settings.
     *
     * @return the {@code coro.webflux.*} settings
     */
    public Webflux getWebflux() {
        return this.webflux;
    }

    /**
     * Returns the scheduler settings.
     *
     * @return the {@code coro.scheduler.*} settings
     */
    public Scheduler getScheduler() {
        return this.scheduler;
    }

    /**
     * Returns the settings of the watch on coroutines that hold their carrier thread.
     *
     * @return the {@code coro.monitor.*} settings
     */
    public Monitor getMonitor() {
        return this.monitor;
    }

    /**
     * WebFlux integration settings ({@code coro.webflux.*}).
     *
     * <pre>{@code
     * coro.webflux.enabled=false
     * }</pre>
     */
    public static class Webflux {

        /**
         * Whether to run @Coroutine handler methods as coroutines and to put the CoroScheduler bean into every
         * request's Reactor Context.
         */
        private boolean enabled = true;

        /**
         * Returns whether the WebFlux integration is enabled.
         *
         * @return {@code true} unless {@code coro.webflux.enabled=false}
         */
        public boolean isEnabled() {
            return this.enabled;
        }

        /**
         * Sets whether the WebFlux integration is enabled.
         *
         * @param enabled {@code false} to leave WebFlux untouched
         */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /**
     * Settings of the CoroScheduler bean ({@code coro.scheduler.*}).
     *
     * <p>Read once at startup to build the scheduler; with {@code max-concurrency} set, coroutines beyond the bound
     * wait in FIFO order and none is rejected.
     *
     * <pre>{@code
     * coro.scheduler.name-prefix=orders-
     * coro.scheduler.max-concurrency=500
     * }</pre>
     */
    public static class Scheduler {

        /** Prefix of coroutine (and virtual thread) names, as seen in dumps, logs and the coroutines endpoint. */
        private String namePrefix = "coro-";

        /**
         * Maximum number of top-level coroutines (in WebFlux: requests) running at once; a coroutine started from
         * another one of the same scheduler, such as the handler behind a CoroWebFilter or a Coro.mono awaited by a
         * handler, runs in its parent's slot. Further ones wait in FIFO order for a slot, none is rejected. Unbounded
         * when not set.
         */
        private @Nullable Integer maxConcurrency;

        /**
         * Returns the prefix of coroutine names.
         *
         * @return the prefix, {@code coro-} by default
         */
        public String getNamePrefix() {
            return this.namePrefix;
        }

        /**
         * Sets the prefix of coroutine names.
         *
         * @param namePrefix a non-blank prefix
         * @throws IllegalArgumentException when blank
         */
        public void setNamePrefix(String namePrefix) {
            if (namePrefix == null || namePrefix.isBlank()) {
                throw new IllegalArgumentException("coro.scheduler.name-prefix must not be blank: it starts every "
                        + "coroutine's name; remove the property to keep the default 'coro-'");
            }
            this.namePrefix = namePrefix;
        }

        /**
         * Returns the bound on concurrently running top-level coroutines.
         *
         * @return the bound, or {@code null} for unbounded
         */
        public @Nullable Integer getMaxConcurrency() {
            return this.maxConcurrency;
        }

        /**
         * Sets the bound on concurrently running top-level coroutines.
         *
         * @param maxConcurrency at least 1, or {@code null} for unbounded
         * @throws IllegalArgumentException when below 1
         */
        public void setMaxConcurrency(@Nullable Integer maxConcurrency) {
            if (maxConcurrency != null && maxConcurrency < 1) {
                throw new IllegalArgumentException("coro.scheduler.max-concurrency must be at least 1, was "
                        + maxConcurrency + "; remove the property for no bound");
            }
            this.maxConcurrency = maxConcurrency;
        }
    }

    /**
     * The watch on coroutines that hold their carrier thread ({@code coro.monitor.*}): pinned while blocked, or running
     * long without a wait. Each coroutine found is logged once at WARN (logger {@code dev.coro.CoroMonitor}) with its
     * name and stack, and counted in {@code coro.coroutines.pinned} or {@code coro.coroutines.hogging}.
     *
     * <pre>{@code
     * coro.monitor.pinning.threshold=50ms
     * coro.monitor.hogging.enabled=false
     * }</pre>
     */
    public static class Monitor {

        private final Watch pinning = new Watch(Duration.ofMillis(20));

        private final Watch hogging = new Watch(Duration.ofMillis(500));

        /**
         * Returns the pinning watch's settings: a coroutine that blocks while pinned to its carrier (JFR's
         * jdk.VirtualThreadPinned, streamed) for longer than the threshold.
         *
         * @return the {@code coro.monitor.pinning.*} settings; threshold 20 ms by default
         */
        public Watch getPinning() {
            return this.pinning;
        }

        /**
         * Returns the hogging watch's settings: a coroutine that runs on its carrier for longer than the threshold
         * without a wait (sampled every quarter threshold).
         *
         * @return the {@code coro.monitor.hogging.*} settings; threshold 500 ms by default
         */
        public Watch getHogging() {
            return this.hogging;
        }
    }

    /** One watch of {@code coro.monitor}: on or off, and its threshold. */
    public static class Watch {

        /** Whether the watch runs. */
        private boolean enabled = true;

        /** How long a coroutine must hold its carrier to be reported. */
        private Duration threshold;

        Watch(Duration threshold) {
            this.threshold = threshold;
        }

        /**
         * Returns whether the watch runs.
         *
         * @return {@code true} unless set to {@code false}
         */
        public boolean isEnabled() {
            return this.enabled;
        }

        /**
         * Sets whether the watch runs.
         *
         * @param enabled {@code false} to switch the watch off
         */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /**
         * Returns how long a coroutine must hold its carrier to be reported.
         *
         * @return the threshold
         */
        public Duration getThreshold() {
            return this.threshold;
        }

        /**
         * Sets how long a coroutine must hold its carrier to be reported.
         *
         * @param threshold not negative; at least 4 ms for the hogging watch
         * @throws IllegalArgumentException when negative
         */
        public void setThreshold(Duration threshold) {
            if (threshold == null || threshold.isNegative()) {
                throw new IllegalArgumentException("coro.monitor.*.threshold must not be negative, was " + threshold);
            }
            this.threshold = threshold;
        }
    }
}
