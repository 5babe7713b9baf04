package dev.coro;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Live coroutines that are in the same place: same state, same awaited publisher, identical stack. A grouped dump
 * ({@link CoroScheduler#coroutineGroups()}) lists one group per place with a count, the way Go's goroutine dumps make
 * 10,000 parked goroutines read as a few lines.
 *
 * <p>A group is built from snapshots taken without stopping the coroutines; it holds no reference to them.
 *
 * <pre>{@code
 * for (CoroutineGroup g : CoroScheduler.defaultScheduler().coroutineGroups()) {
 *     log.info("{} coroutines {} on {}, oldest {}", g.count(), g.state(), g.awaiting(), g.oldestAge());
 * }
 * }</pre>
 *
 * @param count how many live coroutines are in this place
 * @param state what they are doing
 * @param awaiting what they are suspended on, {@code null} when not suspended; joins of different forks count as one
 *     place, {@code Fork.join}
 * @param stackTrace their common stack, innermost frame first
 * @param oldestAge how long the oldest of them has been alive
 * @param names the names of the oldest of them, at most five, oldest first
 */
public record CoroutineGroup(
        int count,
        CoroutineState state,
        @Nullable String awaiting,
        List<StackTraceElement> stackTrace,
        Duration oldestAge,
        List<String> names) {}
