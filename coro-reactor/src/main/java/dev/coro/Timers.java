package dev.coro;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * {@code Coro.sleep} and {@code Coro.withTimeout}, on Reactor's timer ({@code Mono.delay}, hence
 * {@code Schedulers.parallel()}): a {@code VirtualTimeScheduler} installed by {@code StepVerifier.withVirtualTime}
 * drives them, so coroutine code is testable in virtual time.
 */
final class Timers {

    private static final Duration MAX_NANOS = Duration.ofNanos(Long.MAX_VALUE);

    private Timers() {}

    static Duration check(String method, Duration duration) {
        Objects.requireNonNull(duration, () -> method + " needs a duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException(method + "(" + duration + "): the duration is negative; pass zero or "
                    + "more (Duration.ZERO means do not wait)");
        }
        return duration;
    }

    /**
     * {@code Mono.delay}, for any duration: Reactor counts in nanoseconds, so one beyond {@code Long.MAX_VALUE} ns
     * (292 years, such as Kotlin's "forever", {@code Long.MAX_VALUE} ms) would throw ArithmeticException; it waits
     * 292 years instead.
     */
    static Mono<Long> delay(Duration duration) {
        return Mono.delay(duration.compareTo(MAX_NANOS) > 0 ? MAX_NANOS : duration);
    }

    static void sleep(Duration duration) {
        check("Coro.sleep", duration);
        Suspension.enter("Coro.sleep");
        if (!duration.isZero()) {
            Coro.await(delay(duration));
        }
    }

    static <T> @Nullable T withTimeout(Duration timeout, CoroutineBody<T> body) throws TimeoutException {
        check("Coro.withTimeout", timeout);
        Objects.requireNonNull(body, "Coro.withTimeout needs a body");
        AtomicReference<@Nullable TimeoutException> timedOut = new AtomicReference<>();
        return Coro.scope(scope -> {
            Fork<T> fork = scope.fork(body);
            // Subscribed here, so the timer comes from the Schedulers factory in force (virtual time in tests).
            Disposable timer = delay(timeout).subscribe(tick -> {
                if (fork.isDone()) {
                    return; // finished in time: its result stands
                }
                timedOut.set(new TimeoutException(
                        "Coro.withTimeout: the body did not finish within " + timeout + " and was cancelled"));
                fork.cancel();
            });
            T result;
            try {
                result = fork.join();
            } catch (Throwable e) {
                // Whatever the cancelled body ended with, the cause is the timeout; the scope waits for it to unwind.
                TimeoutException t = timedOut.get();
                if (t == null) {
                    throw e;
                }
                if (!(e instanceof CancellationException)) {
                    t.addSuppressed(e);
                }
                throw t;
            } finally {
                timer.dispose();
            }
            // A body that swallowed the cancel and returned a value still timed out (as Kotlin's withTimeout does).
            TimeoutException t = timedOut.get();
            if (t != null) {
                throw t;
            }
            return result;
        });
    }
}
