package dev.coro.conformance.kotlinx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coro.Coro;
import dev.coro.CoroutineBody;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;

/**
 * Port of kotlinx.coroutines {@code kotlinx-coroutines-core/common/test/WithTimeoutTest.kt}: {@code withTimeout(ms)}
 * is {@code Coro.withTimeout(Duration, body)}, which runs the body on a child coroutine and throws the checked
 * {@link TimeoutException} (Kotlin: {@code TimeoutCancellationException}, a {@code CancellationException}).
 * Kotlin's {@code yield()} is both a cancellation check and a hand-over on its one thread; ours is
 * {@code Coro.sleep(Duration.ZERO)} (a cancellation check) where only the check matters, and a wait for the other
 * coroutine's signal where the order matters. Kotlin's {@code runTest} runs in real time, as these do; timeouts that
 * must not fire are 10 s, timeouts that must fire wait for something that never comes.
 */
@Tag("conformance")
class WithTimeoutTest {

    private final Steps steps = new Steps();

    /** Runs {@code body} as a coroutine and returns its result; rethrows its failure unwrapped. */
    static <T> T inCoroutine(CoroutineBody<T> body) throws Throwable {
        try {
            return Coro.mono(body).block(Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            throw Exceptions.unwrap(e);
        }
    }

    @Test
    void testBasicNoSuspend() throws Throwable {
        inCoroutine(() -> {
            steps.expect(1);
            String result = Coro.withTimeout(Duration.ofSeconds(10), () -> {
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
            String result = Coro.withTimeout(Duration.ofSeconds(10), () -> {
                steps.expect(2);
                Coro.await(Mono.just(0).publishOn(reactor.core.scheduler.Schedulers.parallel()));
                steps.expect(3);
                return "OK";
            });
            assertThat(result).isEqualTo("OK");
            steps.finish(4);
            return null;
        });
    }

    /**
     * Kotlin checks that the timeout block starts without yielding to a sibling launched before it. Our sibling runs
     * in parallel, so the port hands over explicitly: the body waits for the sibling's step 4, the sibling waits for
     * the caller's step 6; what remains is that the body runs on its own and the caller resumes after it.
     */
    @Test
    void testDispatch() throws Throwable {
        inCoroutine(() -> {
            steps.expect(1);
            return Coro.scope(scope -> {
                java.util.concurrent.CountDownLatch bodyStarted = new java.util.concurrent.CountDownLatch(1);
                java.util.concurrent.CountDownLatch siblingStep = new java.util.concurrent.CountDownLatch(1);
                java.util.concurrent.CountDownLatch callerBack = new java.util.concurrent.CountDownLatch(1);
                scope.fork(() -> {
                    Coro.await(Mono.fromCallable(() -> bodyStarted.await(10, java.util.concurrent.TimeUnit.SECONDS))
                            .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic()));
                    steps.expect(4);
                    siblingStep.countDown();
                    Coro.await(Mono.fromCallable(() -> callerBack.await(10, java.util.concurrent.TimeUnit.SECONDS))
                            .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic()));
                    steps.expect(7);
                    return null;
                });
                steps.expect(2);
                String result = Coro.withTimeout(Duration.ofSeconds(10), () -> {
                    steps.expect(3);
                    bodyStarted.countDown();
                    Coro.await(Mono.fromCallable(() -> siblingStep.await(10, java.util.concurrent.TimeUnit.SECONDS))
                            .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic()));
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

    /** Kotlin's {@code yield()} in a busy loop is our {@code Coro.sleep(Duration.ZERO)}: a cancellation check. */
    @Test
    void testYieldBlockingWithTimeout() {
        assertThatThrownBy(() -> inCoroutine(() -> Coro.withTimeout(Duration.ofMillis(100), () -> {
                    while (true) {
                        Coro.sleep(Duration.ZERO);
                    }
                })))
                .isInstanceOf(TimeoutException.class);
    }

    /** Kotlin's {@code launch} inside the block is a fork of a {@code Coro.scope} inside the body. */
    @Test
    void testWithTimeoutChildWait() throws Throwable {
        inCoroutine(() -> {
            steps.expect(1);
            Coro.withTimeout(Duration.ofSeconds(10), () -> {
                steps.expect(2);
                return Coro.scope(scope -> {
                    java.util.concurrent.CountDownLatch three = new java.util.concurrent.CountDownLatch(1);
                    scope.fork(() -> {
                        Coro.await(Mono.fromCallable(() -> three.await(10, java.util.concurrent.TimeUnit.SECONDS))
                                .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic()));
                        steps.expect(4);
                        return null;
                    });
                    steps.expect(3);
                    three.countDown();
                    return null; // the scope waits for the child before returning
                });
            });
            steps.finish(5);
            return null;
        });
    }

    @Test
    void testBadClass() throws Throwable {
        BadClass bad = new BadClass();
        Object result = inCoroutine(() -> Coro.withTimeout(Duration.ofSeconds(10), () -> bad));
        assertThat(result).isSameAs(bad);
    }

    /**
     * Deliberate difference: our timeout is the checked {@link TimeoutException} (not a CancellationException), and
     * its message names the duration as Java prints it ("within PT0.1S"), not "Timed out waiting for 100 ms".
     */
    @Test
    void testExceptionOnTimeout() throws Throwable {
        inCoroutine(() -> {
            steps.expect(1);
            try {
                Coro.withTimeout(Duration.ofMillis(100), () -> {
                    steps.expect(2);
                    Coro.sleep(Duration.ofSeconds(30));
                    steps.expectUnreached();
                    return "OK";
                });
            } catch (TimeoutException e) {
                assertThat(e).hasMessage("Coro.withTimeout: the body did not finish within PT0.1S and was cancelled");
                steps.finish(3);
            }
            return null;
        });
    }

    /** A body that swallows its cancellation and returns a value still timed out: the value is not returned. */
    @Test
    void testSuppressExceptionWithResult() {
        assertThatThrownBy(() -> inCoroutine(() -> {
                    steps.expect(1);
                    Coro.withTimeout(Duration.ofMillis(100), () -> {
                        steps.expect(2);
                        try {
                            Coro.sleep(Duration.ofSeconds(30));
                        } catch (CancellationException e) {
                            steps.expect(3);
                        }
                        return "OK";
                    });
                    steps.expectUnreached();
                    return null;
                }))
                .isInstanceOf(TimeoutException.class);
        steps.finish(4);
    }

    /**
     * Deliberate difference: the exception a cancelled body throws instead of unwinding does not replace the timeout;
     * the {@link TimeoutException} is thrown with it suppressed (Kotlin rethrows the body's TestException).
     */
    @Test
    void testSuppressExceptionWithAnotherException() throws Throwable {
        inCoroutine(() -> {
            steps.expect(1);
            try {
                Coro.withTimeout(Duration.ofMillis(100), () -> {
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
                steps.expectUnreached();
            } catch (TimeoutException e) {
                assertThat(e.getSuppressed()).hasAtLeastOneElementOfType(TestException.class);
                steps.finish(4);
            }
            return null;
        });
    }

    /** Deliberate difference: a negative timeout is refused (IllegalArgumentException), the body never runs. */
    @Test
    void testNegativeTimeout() throws Throwable {
        inCoroutine(() -> {
            steps.expect(1);
            assertThatThrownBy(() -> Coro.withTimeout(Duration.ofMillis(-1), () -> {
                        steps.expectUnreached();
                        return "OK";
                    }))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("negative");
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
                Coro.withTimeout(Duration.ofSeconds(1), () -> {
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

    /** Kotlin's {@code toString}, {@code equals}, {@code hashCode} all fail: the result must pass through untouched. */
    static final class BadClass {
        @Override
        public boolean equals(Object other) {
            throw new IllegalStateException("Should not be called");
        }

        @Override
        public int hashCode() {
            throw new IllegalStateException("Should not be called");
        }

        @Override
        public String toString() {
            throw new IllegalStateException("Should not be called");
        }
    }
}
