package dev.coro.conformance.kotlinx;

import static dev.coro.conformance.kotlinx.WithTimeoutTest.inCoroutine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coro.Channel;
import dev.coro.Coro;
import dev.coro.CoroutineBody;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Port of kotlinx.coroutines {@code kotlinx-coroutines-core/common/test/WithTimeoutOrNullTest.kt}. We have no
 * {@code withTimeoutOrNull}: it is translated into {@code Coro.withTimeout} with its {@link TimeoutException} caught
 * ({@link #withTimeoutOrNull}), which is faithful wherever the body starts no timeout of its own; Kotlin's nested
 * tests, where an inner {@code withTimeout} must not be mistaken for the outer one, are ported with the outer
 * {@code Coro.withTimeout} as is (a catch cannot tell the two apart). Translation of {@code yield()} and times as in
 * {@link WithTimeoutTest}.
 */
@Tag("conformance")
class WithTimeoutOrNullTest {

    private final Steps steps = new Steps();

    /** Kotlin's {@code withTimeoutOrNull}, as a user of ours would write it. */
    static <T> @Nullable T withTimeoutOrNull(Duration timeout, CoroutineBody<T> body) {
        try {
            return Coro.withTimeout(timeout, body);
        } catch (TimeoutException e) {
            return null;
        }
    }

    /** Waits for {@code latch} without holding a carrier: on a blocking-capable scheduler, awaited. */
    static void awaitLatch(CountDownLatch latch) {
        Coro.await(Mono.fromCallable(() -> latch.await(10, TimeUnit.SECONDS)).subscribeOn(Schedulers.boundedElastic()));
    }

    @Test
    void testBasicNoSuspend() throws Throwable {
        inCoroutine(() -> {
            steps.expect(1);
            String result = withTimeoutOrNull(Duration.ofSeconds(10), () -> {
                steps.expect(2);
                return "OK";
            });
            assertThat(result).isEqualTo("OK");
            steps.finish(3);
            return null;
        });
    }

    @Test
    void testBasicSuspend() throws Throwable {
        inCoroutine(() -> {
            steps.expect(1);
            String result = withTimeoutOrNull(Duration.ofSeconds(10), () -> {
                steps.expect(2);
                Coro.await(Mono.just(0).publishOn(Schedulers.parallel()));
                steps.expect(3);
                return "OK";
            });
            assertThat(result).isEqualTo("OK");
            steps.finish(4);
            return null;
        });
    }

    /** As {@link WithTimeoutTest#testDispatch()}: the hand-overs Kotlin's {@code yield()} makes are explicit. */
    @Test
    void testDispatch() throws Throwable {
        inCoroutine(() -> {
            steps.expect(1);
            return Coro.scope(scope -> {
                CountDownLatch bodyStarted = new CountDownLatch(1);
                CountDownLatch siblingStep = new CountDownLatch(1);
                CountDownLatch callerBack = new CountDownLatch(1);
                scope.fork(() -> {
                    awaitLatch(bodyStarted);
                    steps.expect(4);
                    siblingStep.countDown();
                    awaitLatch(callerBack);
                    steps.expect(7);
                    return null;
                });
                steps.expect(2);
                String result = withTimeoutOrNull(Duration.ofSeconds(10), () -> {
                    steps.expect(3);
                    bodyStarted.countDown();
                    awaitLatch(siblingStep);
                    steps.expect(5);
                    return "OK";
                });
                assertThat(result).isEqualTo("OK");
                steps.expect(6);
                callerBack.countDown();
                return null;
            });
        });
        steps.finish(8);
    }

    @Test
    void testYieldBlockingWithTimeout() throws Throwable {
        inCoroutine(() -> {
            steps.expect(1);
            Object result = withTimeoutOrNull(Duration.ofMillis(100), () -> {
                while (true) {
                    Coro.sleep(Duration.ZERO);
                }
            });
            assertThat(result).isNull();
            steps.finish(2);
            return null;
        });
    }

    @Test
    void testSmallTimeout() throws Throwable {
        Channel<Integer> channel = Coro.channel(1);
        Integer value = inCoroutine(() -> withTimeoutOrNull(Duration.ofMillis(1), channel::receive));
        assertThat(value).isNull();
    }

    @Test
    void testThrowException() {
        assertThatThrownBy(() -> inCoroutine(() -> withTimeoutOrNull(TimeoutTimes.FOREVER, () -> {
                    throw new AssertionError();
                })))
                .isInstanceOf(AssertionError.class);
    }

    /**
     * Deliberate difference (no {@code withTimeoutOrNull}): the outer {@code Coro.withTimeout} rethrows the inner
     * one's {@link TimeoutException} as is, the failure of its body; Kotlin's outer block lets the inner
     * cancellation through the same way.
     */
    @Test
    void testInnerTimeout() {
        assertThatThrownBy(() -> inCoroutine(() -> {
                    Coro.withTimeout(Duration.ofSeconds(10), () -> {
                        Coro.withTimeout(Duration.ofMillis(10), () -> {
                            while (true) {
                                Coro.sleep(Duration.ZERO);
                            }
                        });
                        steps.expectUnreached();
                        return null;
                    });
                    steps.expectUnreached();
                    return null;
                }))
                .isInstanceOf(TimeoutException.class)
                .hasMessageContaining("within PT0.01S");
        steps.finish(1);
    }

    /** Deliberate difference (no {@code withTimeoutOrNull}), as {@link #testInnerTimeout()}. */
    @Test
    void testNestedTimeout() {
        assertThatThrownBy(() -> inCoroutine(() -> {
                    Coro.withTimeout(
                            TimeoutTimes.FOREVER,
                            () -> Coro.withTimeout(Duration.ofMillis(10), () -> {
                                Coro.sleep(TimeoutTimes.FOREVER);
                                return 1;
                            }));
                    steps.expectUnreached();
                    return null;
                }))
                .isInstanceOf(TimeoutException.class)
                .hasMessageContaining("within PT0.01S");
        steps.finish(1);
    }

    /**
     * Real time, as in Kotlin; the bound on the count is generous (Kotlin: 1..2 for 320 ms / 150 ms), since what it
     * shows is that the inner timeouts fire and the outer one ends the loop.
     */
    @Test
    void testOuterTimeout() throws Throwable {
        AtomicInteger counter = new AtomicInteger();
        Object result = inCoroutine(() -> withTimeoutOrNull(Duration.ofMillis(320), () -> {
            while (true) {
                Object inner = withTimeoutOrNull(Duration.ofMillis(150), () -> {
                    while (true) {
                        Coro.sleep(Duration.ZERO);
                    }
                });
                assertThat(inner).isNull();
                counter.incrementAndGet();
            }
        }));
        assertThat(result).isNull();
        assertThat(counter.get()).isBetween(0, 3);
    }

    @Test
    void testBadClass() throws Throwable {
        WithTimeoutTest.BadClass bad = new WithTimeoutTest.BadClass();
        Object result = inCoroutine(() -> withTimeoutOrNull(Duration.ofMillis(100), () -> bad));
        assertThat(result).isSameAs(bad);
    }

    @Test
    void testNullOnTimeout() throws Throwable {
        inCoroutine(() -> {
            steps.expect(1);
            String result = withTimeoutOrNull(Duration.ofMillis(100), () -> {
                steps.expect(2);
                Coro.sleep(Duration.ofSeconds(30));
                steps.expectUnreached();
                return "OK";
            });
            assertThat(result).isNull();
            steps.finish(3);
            return null;
        });
    }

    @Test
    void testSuppressExceptionWithResult() throws Throwable {
        inCoroutine(() -> {
            steps.expect(1);
            String result = withTimeoutOrNull(Duration.ofMillis(100), () -> {
                steps.expect(2);
                try {
                    Coro.sleep(Duration.ofSeconds(30));
                } catch (CancellationException e) {
                    steps.expect(3);
                }
                return "OK";
            });
            assertThat(result).isNull();
            steps.finish(4);
            return null;
        });
    }

    /**
     * Deliberate difference, as {@link WithTimeoutTest#testSuppressExceptionWithAnotherException()}: the timeout
     * wins and the body's TestException is suppressed in it, so the translation returns null.
     */
    @Test
    void testSuppressExceptionWithAnotherException() throws Throwable {
        inCoroutine(() -> {
            steps.expect(1);
            String result = withTimeoutOrNull(Duration.ofMillis(100), () -> {
                steps.expect(2);
                try {
                    Coro.sleep(Duration.ofSeconds(30));
                } catch (CancellationException e) {
                    steps.expect(3);
                    throw new TestException();
                }
                steps.expectUnreached();
                return "OK";
            });
            assertThat(result).isNull();
            steps.finish(4);
            return null;
        });
    }

    /**
     * Deliberate difference: a negative timeout is refused with IllegalArgumentException (Kotlin: null at once);
     * a zero timeout times out as in Kotlin.
     */
    @Test
    void testNegativeTimeout() throws Throwable {
        inCoroutine(() -> {
            steps.expect(1);
            assertThatThrownBy(() -> withTimeoutOrNull(Duration.ofMillis(-1), () -> {
                        steps.expectUnreached();
                        return null;
                    }))
                    .isInstanceOf(IllegalArgumentException.class);
            Object result = withTimeoutOrNull(Duration.ZERO, () -> {
                Coro.sleep(Duration.ofSeconds(30));
                steps.expectUnreached();
                return "OK";
            });
            assertThat(result).isNull();
            steps.finish(2);
            return null;
        });
    }

    @Test
    void testExceptionFromWithinTimeout() throws Throwable {
        inCoroutine(() -> {
            steps.expect(1);
            try {
                steps.expect(2);
                withTimeoutOrNull(Duration.ofSeconds(1), () -> {
                    steps.expect(3);
                    throw new TestException();
                });
                steps.expectUnreached();
            } catch (TestException e) {
                steps.finish(4);
            }
            return null;
        });
    }
}
