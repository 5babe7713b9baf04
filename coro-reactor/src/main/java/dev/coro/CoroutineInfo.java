package dev.coro;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of one live coroutine, for dumps, actuator endpoints and debugging.
 *
 * <p>A snapshot is taken without stopping the coroutine, so its fields may be a few microseconds apart from each other;
 * it holds no reference to the coroutine and cannot cancel it.
 *
 * <pre>{@code
 * for (CoroutineInfo c : CoroScheduler.defaultScheduler().coroutines()) {
 *     log.info("{} {} for {}: awaiting {}", c.name(), c.state(), c.age(), c.awaiting());
 * }
 * }</pre>
 *
 * @param name the coroutine's name, also its thread's name
 * @param startedAt when it was started
 * @param age how long it has been alive
 * @param state what it is doing
 * @param awaiting a description of the publisher it is suspended on, or {@code null} when not suspended
 * @param stackTrace its current stack, innermost frame first
 */
public record CoroutineInfo(
        String name,
        Instant startedAt,
        Duration age,
        CoroutineState state,
        @Nullable String awaiting,
        List<StackTraceElement> stackTrace) {}
