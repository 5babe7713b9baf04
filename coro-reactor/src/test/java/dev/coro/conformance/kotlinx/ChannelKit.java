package dev.coro.conformance.kotlinx;

import dev.coro.Channel;
import dev.coro.ChannelClosedException;
import dev.coro.Coro;
import dev.coro.CoroScheduler;
import dev.coro.CoroutineState;
import dev.coro.SelectClause;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import reactor.util.context.Context;

/**
 * What the channel ports take from kotlinx.coroutines' test base: {@code TestChannelKind} (the kinds we have),
 * {@code launch} as a named coroutine on a scheduler of the test's own, a wait for a named coroutine to be suspended
 * on a channel (where Kotlin's single-threaded dispatcher would have run it up to its suspension), and
 * {@code trySend}/{@code tryReceive} as a select with {@code orElse}, the documented non-blocking form
 * (docs/coroutines.md, "Channels and select").
 */
final class ChannelKit {

    /**
     * kotlinx's {@code TestChannelKind} without the kinds we lack: {@code CONFLATED} (no conflated channel or
     * {@code BufferOverflow}) and the three {@code *_BROADCAST} kinds (no {@code BroadcastChannel}).
     */
    enum Kind {
        RENDEZVOUS(0),
        BUFFERED_1(1),
        BUFFERED_2(2),
        BUFFERED_10(10),
        UNLIMITED(Integer.MAX_VALUE);

        final int capacity;

        Kind(int capacity) {
            this.capacity = capacity;
        }

        <T> Channel<T> create() {
            return capacity == Integer.MAX_VALUE ? Coro.unlimitedChannel() : Coro.channel(capacity);
        }
    }

    interface Body {
        void run() throws Exception;
    }

    final CoroScheduler scheduler;

    ChannelKit(String prefix) {
        scheduler = CoroScheduler.builder().namePrefix(prefix).build();
    }

    /** Kotlin's {@code launch}: {@code body} on a coroutine of its own named {@code name}, started now. */
    CompletableFuture<Void> launch(String name, Body body) {
        return Coro.<Void>mono(name, () -> {
                    body.run();
                    return null;
                })
                .contextWrite(Context.of(CoroScheduler.CONTEXT_KEY, scheduler))
                .toFuture();
    }

    /** Waits until the coroutine named {@code name} is suspended on {@code on} ("Channel.send", "Channel.receive"). */
    void waitSuspended(String name, String on) {
        Steps.waitUntil(
                name + " suspended on " + on,
                () -> scheduler.coroutines().stream()
                        .anyMatch(c -> c.name().contains(name)
                                && c.state() == CoroutineState.SUSPENDED
                                && on.equals(c.awaiting())));
    }

    /** Runs {@code body} as the test's own coroutine ("test-main"), so other coroutines can wait for it to suspend. */
    void runMain(Body body) {
        join(launch("test-main", body));
    }

    /** Waits until {@code steps} reached step {@code step}: an order Kotlin's dispatcher gave by running one at a time. */
    static void after(Steps steps, int step) {
        Steps.waitUntil("step " + step, () -> steps.current() >= step);
    }

    /** Waits until no coroutine of this kit runs any more. */
    void waitAllEnded() {
        Steps.waitUntil("all coroutines ended", () -> scheduler.activeCount() == 0);
    }

    /** Kotlin's {@code job.join()} (and {@code await()}): the coroutine's failure is rethrown. */
    static void join(CompletableFuture<?> job) {
        try {
            job.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new AssertionError(cause);
        } catch (TimeoutException e) {
            throw new AssertionError("coroutine still running after 60 s: a hang", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Kotlin's {@code trySend(v).isSuccess}; throws {@link ChannelClosedException} where Kotlin's result is closed. */
    static <T> boolean trySend(Channel<T> channel, T value) {
        return Boolean.TRUE.equals(
                Coro.<Boolean>select(channel.onSend(value, () -> true), SelectClause.orElse(() -> false)));
    }

    /**
     * Kotlin's {@code tryReceive().getOrNull()}; throws {@link ChannelClosedException} (or the error it was closed
     * with) where Kotlin's result is closed.
     */
    static <T> @Nullable T tryReceive(Channel<T> channel) {
        return Coro.<T>select(channel.onReceive(v -> v), SelectClause.orElse(() -> null));
    }

    /** {@code CI} set: stress rounds shrink (the pom runs each stress class three times). */
    static final boolean CI = System.getenv("CI") != null;
}
