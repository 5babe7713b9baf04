package dev.coro;

import static dev.coro.Coro.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.util.context.Context;

class TimersTest {

    /** Waits (in real time) until the coroutine has parked in its timer, so that virtual time can be advanced. */
    private static void awaitSuspended(CoroScheduler scheduler) {
        awaitSuspended(scheduler, 1);
    }

    /** Waits until {@code count} coroutines of {@code scheduler} are suspended: their timers are subscribed then. */
    private static void awaitSuspended(CoroScheduler scheduler, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (scheduler.coroutines().stream()
                        .filter(c -> c.state() == CoroutineState.SUSPENDED)
                        .count()
                < count) {
            assertThat(System.nanoTime()).as("coroutine suspended in time").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    @Test
    void aOneHourSleepIsVerifiedInVirtualTimeInstantly() {
        CoroScheduler scheduler = CoroScheduler.builder().namePrefix("vt-").build();
        Trail trail = new Trail();
        long start = System.nanoTime();
        StepVerifier.withVirtualTime(() -> Coro.mono(() -> {
                            trail.add("before sleep");
                            Coro.sleep(Duration.ofHours(1));
                            trail.add("after sleep");
                            return "woke up";
                        })
                        .contextWrite(Context.of(CoroScheduler.CONTEXT_KEY, scheduler)))
                .expectSubscription()
                .then(() -> awaitSuspended(scheduler))
                .expectNoEvent(Duration.ofMinutes(59))
                .then(() -> assertThat(trail.steps()).containsExactly("before sleep"))
                .thenAwait(Duration.ofMinutes(1))
                .expectNext("woke up")
                .verifyComplete();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(trail.steps()).containsExactly("before sleep", "after sleep");
    }

    @Test
    void withTimeoutCancelsTheBodyInVirtualTimeAndThrowsTimeoutException() {
        CoroScheduler scheduler =
                CoroScheduler.builder().namePrefix("vt-timeout-").build();
        Trail trail = new Trail();
        StepVerifier.withVirtualTime(() -> Coro.mono(() -> {
                            try {
                                return Coro.withTimeout(Duration.ofMinutes(1), () -> {
                                    try {
                                        Coro.sleep(Duration.ofHours(1));
                                        return "too late";
                                    } finally {
                                        trail.add("body: finally");
                                    }
                                });
                            } catch (TimeoutException e) {
                                trail.add("caller: timeout");
                                throw e;
                            }
                        })
                        .contextWrite(Context.of(CoroScheduler.CONTEXT_KEY, scheduler)))
                .expectSubscription()
                // Both: the body's fork in its sleep, and the caller in its join, which it enters only once it has
                // subscribed the timeout's timer. The fork alone may be suspended before that timer exists, and
                // virtual time advanced then would leave the timer a minute in the future (a hang, 1 run in 8).
                .then(() -> awaitSuspended(scheduler, 2))
                .thenAwait(Duration.ofMinutes(1))
                .expectErrorSatisfies(
                        e -> assertThat(e).isInstanceOf(TimeoutException.class).hasMessageContaining("within PT1M"))
                .verify(Duration.ofSeconds(10));
        assertThat(trail.steps()).containsExactly("body: finally", "caller: timeout");
    }

    @Test
    void withTimeoutReturnsTheValueOfABodyThatFinishesInTime() throws Exception {
        String value = Coro.withTimeout(Duration.ofSeconds(5), () -> await(Mono.just("fast")));
        assertThat(value).isEqualTo("fast");
        IllegalStateException failure = new IllegalStateException("own failure");
        assertThatThrownBy(() -> Coro.withTimeout(Duration.ofSeconds(5), () -> {
                    throw failure;
                }))
                .isSameAs(failure);
    }

    /** Kotlin's WithTimeoutTest.testSuppressExceptionWithResult: a body that swallows the timeout's cancellation and returns a value still timed out. */
    @Test
    void withTimeoutThrowsEvenWhenTheBodySwallowsItsCancellation() {
        Trail trail = new Trail();
        assertThatThrownBy(() -> Coro.withTimeout(Duration.ofMillis(50), () -> {
                    try {
                        Coro.sleep(Duration.ofHours(1));
                    } catch (CancellationException e) {
                        trail.add("body: cancelled");
                    }
                    return "too late";
                }))
                .isInstanceOf(TimeoutException.class);
        assertThat(trail.steps()).containsExactly("body: cancelled");
    }

    /** Kotlin's DelayTest.testMaxLongValue: Kotlin's "forever" (Long.MAX_VALUE ms) overflowed Mono.delay's nanoseconds: ArithmeticException. */
    @Test
    void durationsTooLongForNanosecondsMeanForever() throws Exception {
        Duration forever = Duration.ofSeconds(Long.MAX_VALUE);
        assertThat(Coro.withTimeout(forever, () -> "fast")).isEqualTo("fast");
        assertThatThrownBy(() -> Coro.withTimeout(Duration.ofMillis(50), () -> {
                    Coro.sleep(forever);
                    return "woke";
                }))
                .isInstanceOf(TimeoutException.class);
        assertThat(Coro.<String>select(
                        SelectClause.onMono(Mono.delay(Duration.ofMillis(20)).thenReturn("value"), v -> v),
                        SelectClause.onTimeout(forever, () -> "timed out")))
                .isEqualTo("value");
    }

    @Test
    void withTimeoutInRealTime() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> Coro.withTimeout(Duration.ofMillis(50), () -> await(Mono.never())))
                .isInstanceOf(TimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void negativeDurationsAreRefused() {
        assertThatThrownBy(() -> Coro.sleep(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Coro.sleep(PT-0.001S)")
                .hasMessageContaining("negative");
        assertThatThrownBy(() -> Coro.withTimeout(Duration.ofSeconds(-1), () -> 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Coro.withTimeout(PT-1S)");
    }

    @Test
    void sleepZeroReturnsAtOnceAndACancelledSleepThrows() {
        Coro.sleep(Duration.ZERO);
        Trail trail = new Trail();
        var disposable = Coro.mono(() -> {
                    try {
                        Coro.sleep(Duration.ofHours(1));
                    } catch (CancellationException e) {
                        trail.add("cancelled");
                    }
                    return null;
                })
                .subscribe();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (CoroScheduler.defaultScheduler().coroutines().stream()
                .noneMatch(c -> c.state() == CoroutineState.SUSPENDED)) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.onSpinWait();
        }
        disposable.dispose();
        while (trail.steps().isEmpty()) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.onSpinWait();
        }
        assertThat(trail.steps()).containsExactly("cancelled");
    }
}
