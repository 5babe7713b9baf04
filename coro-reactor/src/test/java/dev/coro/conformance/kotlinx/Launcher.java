package dev.coro.conformance.kotlinx;

import dev.coro.Coro;
import dev.coro.CoroScheduler;
import dev.coro.CoroutineBody;
import dev.coro.CoroutineState;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * kotlinx.coroutines' {@code runTest}, {@code launch} and {@code async} for the select ports: coroutines on a
 * scheduler of the test's own, so that a test can wait until one of them is suspended on a given wait
 * ({@link CoroScheduler#coroutines()}), where Kotlin's single-threaded tests {@code yield()} to it.
 */
final class Launcher {

    interface Body {
        void run() throws Exception;
    }

    final CoroScheduler scheduler;

    Launcher(String name) {
        scheduler = CoroScheduler.builder().namePrefix(name + "-").build();
    }

    /** {@code mono} on this launcher's scheduler. */
    <T> Mono<T> on(Mono<T> mono) {
        return mono.contextWrite(Context.of(CoroScheduler.CONTEXT_KEY, scheduler));
    }

    /** {@code launch { body }}: starts {@code body} as a coroutine of its own. */
    CompletableFuture<Void> launch(Body body) {
        return on(Coro.<Void>mono(() -> {
                    body.run();
                    return null;
                }))
                .toFuture();
    }

    /** {@code runTest { body }}: runs {@code body} as a coroutine and waits for it; its failure is thrown. */
    void run(Body body) {
        join(launch(body));
    }

    /** {@code async { body }}: started now; the Mono replays its outcome to every select that races it. */
    <T> Mono<T> async(CoroutineBody<T> body) {
        Mono<T> started = on(Coro.mono(body)).cache();
        started.subscribe(v -> {}, e -> {});
        return started;
    }

    /** {@code async(start = LAZY) { body }}: a cold Mono, started by the first select that subscribes it. */
    <T> Mono<T> lazyAsync(CoroutineBody<T> body) {
        return on(Coro.mono(body)).cache();
    }

    /** Waits until some coroutine of this launcher is suspended on {@code what} ("Coro.select", "Channel.send"...). */
    void waitSuspended(String what) {
        Steps.waitUntil("a coroutine suspended on " + what, () -> suspended(what));
    }

    boolean suspended(String what) {
        return scheduler.coroutines().stream()
                .anyMatch(c -> c.state() == CoroutineState.SUSPENDED && what.equals(c.awaiting()));
    }

    /** {@code job.join()}: waits for the coroutine; its failure is thrown as it is. */
    static void join(CompletableFuture<?> job) {
        try {
            job.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) throw r;
            if (cause instanceof Error err) throw err;
            throw new AssertionError(cause);
        } catch (TimeoutException e) {
            throw new AssertionError("coroutine still running after 30 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
