package dev.coro.spring.autoconfigure;

import dev.coro.CoroScheduler;
import dev.coro.CoroutineInfo;
import dev.coro.CoroutineState;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The {@code coroutines} actuator endpoint ({@code /actuator/coroutines}): the scheduler's counters and every live
 * coroutine with its name, age, state, what it awaits and its stack.
 *
 * <p>Each read takes a snapshot without stopping any coroutine, so fields of one coroutine may be microseconds apart; a
 * stack trace costs a safepoint per coroutine, so expose the endpoint to operators, not to the public. Exposed like any
 * endpoint: {@code management.endpoints.web.exposure.include=coroutines}.
 *
 * <pre>{@code
 * curl localhost:8080/actuator/coroutines
 * }</pre>
 */
@Endpoint(id = "coroutines")
public class CoroutinesEndpoint {

    private final CoroScheduler scheduler;

    /**
     * Creates the endpoint over {@code scheduler}.
     *
     * <pre>{@code
     * new CoroutinesEndpoint(scheduler).coroutines();
     * }</pre>
     *
     * @param scheduler the scheduler whose coroutines to list
     */
    public CoroutinesEndpoint(CoroScheduler scheduler) {
        this.scheduler = scheduler;
    }

    /**
     * Returns the scheduler's counters and its live coroutines, oldest first.
     *
     * <pre>{@code
     * CoroutinesDescriptor dump = endpoint.coroutines();
     * }</pre>
     *
     * @return the snapshot
     */
    @ReadOperation
    public CoroutinesDescriptor coroutines() {
        List<CoroutineDescriptor> coroutines = scheduler.coroutines().stream()
                .map(CoroutinesEndpoint::describe)
                .toList();
        return new CoroutinesDescriptor(
                scheduler.namePrefix(),
                scheduler.maxConcurrency() == Integer.MAX_VALUE ? null : scheduler.maxConcurrency(),
                scheduler.activeCount(),
                scheduler.queuedCount(),
                scheduler.startedCount(),
                scheduler.completedCount(),
                scheduler.failedCount(),
                scheduler.cancelledCount(),
                scheduler.totalSuspendedTime().toString(),
                coroutines);
    }

    private static CoroutineDescriptor describe(CoroutineInfo info) {
        return new CoroutineDescriptor(
                info.name(),
                info.startedAt(),
                info.age().toString(),
                info.age().toMillis(),
                info.state(),
                info.awaiting(),
                info.stackTrace().stream().map(StackTraceElement::toString).toList());
    }

    /**
     * What {@code /actuator/coroutines} returns.
     *
     * @param namePrefix the scheduler's name prefix
     * @param maxConcurrency the bound on running coroutines, {@code null} when unbounded
     * @param active coroutines alive now
     * @param queued coroutines waiting for a slot
     * @param started coroutines started since startup
     * @param completed coroutines that returned normally
     * @param failed coroutines that threw
     * @param cancelled coroutines that were cancelled
     * @param totalSuspendedTime time all coroutines spent suspended, ISO-8601
     * @param coroutines the live coroutines, oldest first
     */
    public record CoroutinesDescriptor(
            String namePrefix,
            @Nullable Integer maxConcurrency,
            int active,
            int queued,
            long started,
            long completed,
            long failed,
            long cancelled,
            String totalSuspendedTime,
            List<CoroutineDescriptor> coroutines)
            implements OperationResponseBody {}

    /**
     * One live coroutine.
     *
     * @param name its name, also its thread's
     * @param startedAt when it started
     * @param age how long it has lived, ISO-8601
     * @param ageMillis the same in milliseconds
     * @param state running, suspended or queued
     * @param awaiting what it is suspended on, {@code null} when not suspended
     * @param stack its stack, innermost frame first
     */
    public record CoroutineDescriptor(
            String name,
            Instant startedAt,
            String age,
            long ageMillis,
            CoroutineState state,
            @Nullable String awaiting,
            List<String> stack) {}
}
