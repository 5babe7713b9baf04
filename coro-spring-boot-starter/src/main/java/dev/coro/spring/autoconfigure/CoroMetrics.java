package dev.coro.spring.autoconfigure;

import dev.coro.CoroScheduler;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.ToDoubleFunction;

/**
 * Micrometer meters read from a {@link CoroScheduler}'s counters when scraped: nothing is recorded per coroutine, so
 * the meters cost nothing on the request path.
 */
final class CoroMetrics implements MeterBinder {

    private final CoroScheduler scheduler;

    CoroMetrics(CoroScheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Tags tags = Tags.of("scheduler", scheduler.namePrefix());
        Gauge.builder("coro.coroutines.active", scheduler, CoroScheduler::activeCount)
                .description("Coroutines alive now, running, suspended or queued")
                .tags(tags)
                .register(registry);
        Gauge.builder("coro.coroutines.queued", scheduler, CoroScheduler::queuedCount)
                .description("Coroutines waiting for a slot because coro.scheduler.max-concurrency is reached")
                .tags(tags)
                .register(registry);
        counter(registry, "coro.coroutines.started", "Coroutines started", tags, CoroScheduler::startedCount);
        finished(registry, tags, "completed", CoroScheduler::completedCount);
        finished(registry, tags, "failed", CoroScheduler::failedCount);
        finished(registry, tags, "cancelled", CoroScheduler::cancelledCount);
        FunctionCounter.builder(
                        "coro.coroutines.suspended",
                        scheduler,
                        s -> s.totalSuspendedTime().toNanos() / 1e9)
                .description("Time all coroutines together spent suspended in awaits and yields")
                .baseUnit("seconds")
                .tags(tags)
                .register(registry);
        oldestSuspended(registry, tags);
    }

    /**
     * The oldest suspended coroutine's age, read when scraped: a coroutine stuck on a publisher that never signals
     * shows as a line that keeps rising, which no counter of finished coroutines can show.
     */
    private void oldestSuspended(MeterRegistry registry, Tags tags) {
        Gauge.builder(
                        "coro.coroutines.suspended.oldest",
                        scheduler,
                        s -> s.oldestSuspendedAge().toNanos() / 1e9)
                .description("Age of the oldest coroutine suspended now (0 when none is): grows while one is stuck")
                .baseUnit("seconds")
                .tags(tags)
                .register(registry);
    }

    private void finished(MeterRegistry registry, Tags tags, String outcome, ToDoubleFunction<CoroScheduler> count) {
        counter(
                registry,
                "coro.coroutines.finished",
                "Coroutines that ended, by outcome: completed, failed (threw) or cancelled",
                tags.and("outcome", outcome),
                count);
    }

    private void counter(
            MeterRegistry registry, String name, String description, Tags tags, ToDoubleFunction<CoroScheduler> count) {
        FunctionCounter.builder(name, scheduler, count)
                .description(description)
                .tags(tags)
                .register(registry);
    }
}
