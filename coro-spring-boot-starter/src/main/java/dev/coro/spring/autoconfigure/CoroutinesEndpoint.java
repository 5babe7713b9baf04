package dev.coro.spring.autoconfigure;

import dev.coro.CoroScheduler;
import dev.coro.CoroutineGroup;
import dev.coro.CoroutineInfo;
import dev.coro.CoroutineState;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The {@code coroutines} actuator endpoint ({@code /actuator/coroutines}): the scheduler's counters and every live
 * coroutine with its name, age, state, what it awaits and its stack; with {@code ?group=awaited}, the coroutines grouped
 * by place (state, awaited publisher, identical stack) with counts, largest group first, like a Go goroutine dump; and
 * with {@code Accept: text/plain}, that grouped dump as text ({@link CoroScheduler#dump()}).
 *
 * <p>Each read takes a snapshot without stopping any coroutine, so fields of one coroutine may be microseconds apart; a
 * stack trace costs a safepoint per coroutine, so expose the endpoint to operators, not to the public. Exposed like any
 * endpoint: {@code management.endpoints.web.exposure.include=coroutines}.
 *
 * <pre>{@code
 * curl localhost:8080/actuator/coroutines
 * curl 'localhost:8080/actuator/coroutines?group=awaited'
 * curl -H 'Accept: text/plain' localhost:8080/actuator/coroutines
 * }</pre>
 */
@Endpoint(id = "coroutines")
public class CoroutinesEndpoint {

    private static final String GROUP_AWAITED = "awaited";

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
     * Returns the scheduler's counters and its live coroutines, oldest first, or grouped by place.
     *
     * <pre>{@code
     * CoroutinesDescriptor dump = (CoroutinesDescriptor) endpoint.coroutines(null);
     * GroupedCoroutinesDescriptor groups = (GroupedCoroutinesDescriptor) endpoint.coroutines("awaited");
     * }</pre>
     *
     * @param group {@code null} for every coroutine, {@code awaited} for groups by place
     * @return a {@link CoroutinesDescriptor}, or a {@link GroupedCoroutinesDescriptor} with {@code group=awaited}
     * @throws InvalidEndpointRequestException (a 400) for any other {@code group}
     */
    @ReadOperation
    public OperationResponseBody coroutines(@Nullable String group) {
        if (group == null) {
            return all();
        }
        if (!GROUP_AWAITED.equals(group)) {
            throw new InvalidEndpointRequestException(
                    "Unknown group '" + group + "': use group=" + GROUP_AWAITED + ", or no group for every coroutine",
                    "Unknown group");
        }
        List<CoroutineGroupDescriptor> groups = scheduler.coroutineGroups().stream()
                .map(CoroutinesEndpoint::describe)
                .toList();
        int live = groups.stream().mapToInt(CoroutineGroupDescriptor::count).sum();
        return new GroupedCoroutinesDescriptor(scheduler.namePrefix(), live, groups);
    }

    /**
     * Returns the grouped dump as text, for a terminal: {@code curl -H 'Accept: text/plain' .../actuator/coroutines}.
     *
     * <pre>{@code
     * String text = endpoint.textCoroutines();
     * }</pre>
     *
     * @return {@link CoroScheduler#dump()}
     */
    @ReadOperation(produces = "text/plain;charset=UTF-8")
    public String textCoroutines() {
        return scheduler.dump();
    }

    private CoroutinesDescriptor all() {
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

    private static CoroutineGroupDescriptor describe(CoroutineGroup group) {
        return new CoroutineGroupDescriptor(
                group.count(),
                group.state(),
                group.awaiting(),
                group.oldestAge().toString(),
                group.oldestAge().toMillis(),
                group.names(),
                group.stackTrace().stream().map(StackTraceElement::toString).toList());
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

    /**
     * What {@code /actuator/coroutines?group=awaited} returns.
     *
     * @param namePrefix the scheduler's name prefix
     * @param live the live coroutines counted in the groups
     * @param groups the groups, largest first
     */
    public record GroupedCoroutinesDescriptor(String namePrefix, int live, List<CoroutineGroupDescriptor> groups)
            implements OperationResponseBody {}

    /**
     * Live coroutines in the same place: same state, same awaited publisher, identical stack.
     *
     * @param count how many
     * @param state running, suspended or queued
     * @param awaiting what they are suspended on, {@code null} when not suspended
     * @param oldestAge how long the oldest of them has lived, ISO-8601
     * @param oldestAgeMillis the same in milliseconds
     * @param names the names of the oldest of them, at most five
     * @param stack their common stack, innermost frame first
     */
    public record CoroutineGroupDescriptor(
            int count,
            CoroutineState state,
            @Nullable String awaiting,
            String oldestAge,
            long oldestAgeMillis,
            List<String> names,
            List<String> stack) {}
}
