package dev.coro.conformance.go;

import dev.coro.Coro;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What the Go tests take from the language: {@code go f()} as a coroutine, a {@code sync.WaitGroup} as the list of
 * their futures, and {@code testing.Short()} as the environment variable {@code CI}.
 */
final class Go {

    /** A bound far above any healthy run: only a hang or a livelock reaches it, and then the test fails. */
    static final Duration HANG = Duration.ofMinutes(2);

    static final boolean SHORT = System.getenv("CI") != null;

    private Go() {}

    interface Body {
        void run() throws Exception;
    }

    /** {@code go f()}: starts {@code body} as a coroutine of its own. */
    static CompletableFuture<Void> go(Body body) {
        return Coro.<Void>mono(() -> {
                    body.run();
                    return null;
                })
                .toFuture();
    }

    /** {@code wg.Wait()}: every coroutine ended without failing, within {@link #HANG}. */
    static void await(List<CompletableFuture<Void>> group) {
        CompletableFuture<Void> all = CompletableFuture.allOf(group.toArray(CompletableFuture[]::new));
        try {
            all.get(HANG.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(
                    "coroutines still running after " + HANG + ": a hang or a livelock\n" + Threads.dump(), e);
        } catch (ExecutionException e) {
            throw new AssertionError("a coroutine failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static void await(CompletableFuture<Void> one) {
        await(List.of(one));
    }

    static List<CompletableFuture<Void>> group() {
        return new ArrayList<>();
    }

    /** {@code time.Sleep(d)} on the test's own thread, to let coroutines reach their wait (Go's tests do the same). */
    static void sleep(long millis) throws InterruptedException {
        Thread.sleep(millis);
    }
}
