package dev.coro.spring.autoconfigure;

import dev.coro.CoroMonitor;
import dev.coro.CoroScheduler;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * {@code coro.coroutines.pinned} and {@code coro.coroutines.hogging}: how many coroutines the {@link CoroMonitor}
 * reported, each once, read from its counts when scraped.
 */
final class CoroMonitorMetrics implements MeterBinder {

    private final CoroMonitor monitor;
    private final CoroScheduler scheduler;

    CoroMonitorMetrics(CoroMonitor monitor, CoroScheduler scheduler) {
        this.monitor = monitor;
        this.scheduler = scheduler;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        if (monitor.watchesPinning()) {
            FunctionCounter.builder("coro.coroutines.pinned", monitor, CoroMonitor::pinnedCount)
                    .description("Coroutines that blocked while pinned to their carrier thread longer than "
                            + "coro.monitor.pinning.threshold (each counted once)")
                    .tag("scheduler", scheduler.namePrefix())
                    .register(registry);
        }
        if (monitor.watchesHogging()) {
            FunctionCounter.builder("coro.coroutines.hogging", monitor, CoroMonitor::hoggingCount)
                    .description("Coroutines that ran on their carrier thread longer than "
                            + "coro.monitor.hogging.threshold without a wait (each counted once)")
                    .tag("scheduler", scheduler.namePrefix())
                    .register(registry);
        }
    }
}
