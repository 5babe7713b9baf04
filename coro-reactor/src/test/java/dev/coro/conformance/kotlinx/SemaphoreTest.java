package dev.coro.conformance.kotlinx;

import static dev.coro.conformance.kotlinx.WithTimeoutOrNullTest.awaitLatch;
import static dev.coro.conformance.kotlinx.WithTimeoutTest.inCoroutine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coro.Coro;
import dev.coro.Fork;
import dev.coro.Semaphore;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Port of kotlinx.coroutines {@code kotlinx-coroutines-core/common/test/sync/SemaphoreTest.kt}: {@code Semaphore(n)}
 * is {@code Coro.semaphore(n)}, {@code launch} a fork of {@code Coro.scope}, {@code cancelAndJoin} a fork's
 * {@code cancel()} then {@code join()}. Kotlin's {@code yield()} hand-overs are waits for the other coroutine to be
 * queued ({@link Queued}) or latches. Kotlin's {@code Semaphore(n, acquiredPermits = k)} is ours created with
 * {@code n} permits and {@code k} taken by {@code tryAcquire()}.
 */
@Tag("conformance")
class SemaphoreTest {

    private final Steps steps = new Steps();

    /** Kotlin's {@code Semaphore(permits, acquiredPermits)}. */
    private static Semaphore semaphore(int permits, int acquiredPermits) {
        Semaphore semaphore = Coro.semaphore(permits);
        for (int i = 0; i < acquiredPermits; i++) {
            assertThat(semaphore.tryAcquire()).isTrue();
        }
        return semaphore;
    }

    private static void cancelAndJoin(Fork<?> job) {
        job.cancel();
        try {
            job.join();
        } catch (CancellationException expected) {
            // the job was cancelled while it waited
        }
    }

    @Test
    void testSimple() throws Throwable {
        Semaphore semaphore = Coro.semaphore(2);
        inCoroutine(() -> Coro.scope(scope -> {
            Fork<Object> child = scope.fork(() -> {
                Queued.waitFor(semaphore, 1);
                steps.expect(3);
                semaphore.release();
                steps.expect(4);
                return null;
            });
            steps.expect(1);
            semaphore.acquire();
            semaphore.acquire();
            steps.expect(2);
            semaphore.acquire();
            child.join(); // Kotlin's child ran to its end on the one thread before the caller resumed
            steps.finish(5);
            return null;
        }));
    }

    @Test
    void testSimpleAsMutex() throws Throwable {
        Semaphore semaphore = Coro.semaphore(1);
        inCoroutine(() -> Coro.scope(scope -> {
            CountDownLatch three = new CountDownLatch(1);
            CountDownLatch six = new CountDownLatch(1);
            steps.expect(1);
            scope.fork(() -> {
                awaitLatch(three);
                steps.expect(4);
                semaphore.acquire(); // suspends
                awaitLatch(six);
                steps.expect(7); // now got lock
                semaphore.release();
                steps.expect(8);
                return null;
            });
            steps.expect(2);
            semaphore.acquire(); // locked
            steps.expect(3);
            three.countDown();
            Queued.waitFor(semaphore, 1);
            steps.expect(5);
            semaphore.release();
            steps.expect(6);
            six.countDown();
            return null;
        }));
        steps.finish(9);
    }

    @Test
    void tryAcquireTest() {
        Semaphore semaphore = Coro.semaphore(2);
        assertThat(semaphore.tryAcquire()).isTrue();
        assertThat(semaphore.tryAcquire()).isTrue();
        assertThat(semaphore.tryAcquire()).isFalse();
        assertThat(semaphore.availablePermits()).isZero();
        semaphore.release();
        assertThat(semaphore.availablePermits()).isEqualTo(1);
        assertThat(semaphore.tryAcquire()).isTrue();
        assertThat(semaphore.availablePermits()).isZero();
    }

    @Test
    void withSemaphoreTest() throws Throwable {
        Semaphore semaphore = Coro.semaphore(1);
        inCoroutine(() -> {
            assertThat(semaphore.availablePermits()).isEqualTo(1);
            semaphore.withPermit(() -> {
                assertThat(semaphore.availablePermits()).isZero();
                return null;
            });
            assertThat(semaphore.availablePermits()).isEqualTo(1);
            return null;
        });
    }

    @Test
    void withSemaphoreOnFailureTest() throws Throwable {
        Semaphore semaphore = Coro.semaphore(1);
        inCoroutine(() -> {
            assertThat(semaphore.availablePermits()).isEqualTo(1);
            try {
                semaphore.withPermit(() -> {
                    assertThat(semaphore.availablePermits()).isZero();
                    throw new TestException();
                });
            } catch (TestException expected) {
                // Expected
            }
            assertThat(semaphore.availablePermits()).isEqualTo(1);
            return null;
        });
    }

    /** Kotlin's non-local {@code return@f} out of the block is, in Java, a return from the body lambda. */
    @Test
    void withSemaphoreOnEarlyReturnTest() throws Throwable {
        Semaphore semaphore = Coro.semaphore(1);
        inCoroutine(() -> {
            assertThat(semaphore.availablePermits()).isEqualTo(1);
            semaphore.withPermit(() -> {
                assertThat(semaphore.availablePermits()).isZero();
                return null;
            });
            assertThat(semaphore.availablePermits()).isEqualTo(1);
            return null;
        });
    }

    /** FIFO: the first coroutine queued gets the first permit released, the second the next one. */
    @Test
    void fairnessTest() throws Throwable {
        Semaphore semaphore = Coro.semaphore(1);
        inCoroutine(() -> Coro.scope(scope -> {
            CountDownLatch five = new CountDownLatch(1);
            CountDownLatch six = new CountDownLatch(1);
            CountDownLatch eight = new CountDownLatch(1);
            semaphore.acquire();
            steps.expect(1);
            scope.fork(() -> {
                // first to acquire
                steps.expect(2);
                semaphore.acquire(); // suspend
                awaitLatch(five);
                steps.expect(6);
                six.countDown();
                return null;
            });
            Queued.waitFor(semaphore, 1);
            scope.fork(() -> {
                // second to acquire
                steps.expect(3);
                semaphore.acquire(); // suspend
                awaitLatch(eight);
                steps.expect(9);
                return null;
            });
            Queued.waitFor(semaphore, 2);
            steps.expect(4);
            semaphore.release();
            steps.expect(5);
            five.countDown();
            awaitLatch(six);
            steps.expect(7);
            semaphore.release();
            steps.expect(8);
            eight.countDown();
            return null;
        }));
        steps.finish(10);
    }

    @Test
    void testCancellationReturnsPermitBack() throws Throwable {
        Semaphore semaphore = Coro.semaphore(1);
        inCoroutine(() -> Coro.scope(scope -> {
            semaphore.acquire();
            assertThat(semaphore.availablePermits()).isZero();
            Fork<Object> job = scope.fork(() -> {
                assertThat(semaphore.tryAcquire()).isFalse();
                semaphore.acquire();
                return null;
            });
            Queued.waitFor(semaphore, 1);
            cancelAndJoin(job);
            assertThat(semaphore.availablePermits()).isZero();
            semaphore.release();
            assertThat(semaphore.availablePermits()).isEqualTo(1);
            return null;
        }));
    }

    @Test
    void testCancellationDoesNotResumeWaitingAcquirers() throws Throwable {
        Semaphore semaphore = Coro.semaphore(1);
        inCoroutine(() -> Coro.scope(scope -> {
            semaphore.acquire();
            steps.expect(1);
            Fork<Object> job1 = scope.fork(
                    () -> { // 1st job in the waiting queue
                        steps.expect(2);
                        semaphore.acquire();
                        steps.expectUnreached();
                        return null;
                    });
            Queued.waitFor(semaphore, 1);
            Fork<Object> job2 = scope.fork(
                    () -> { // 2nd job in the waiting queue
                        steps.expect(3);
                        semaphore.acquire();
                        steps.expectUnreached();
                        return null;
                    });
            Queued.waitFor(semaphore, 2);
            steps.expect(4);
            cancelAndJoin(job2);
            assertThat(Queued.of(semaphore)).isEqualTo(1);
            steps.expect(5);
            cancelAndJoin(job1);
            assertThat(Queued.of(semaphore)).isZero();
            assertThat(semaphore.availablePermits()).isZero(); // still ours
            return null;
        }));
        steps.finish(6);
    }

    @Test
    void testAcquiredPermits() throws Throwable {
        Semaphore semaphore = semaphore(5, 4);
        inCoroutine(() -> {
            assertThat(semaphore.availablePermits()).isEqualTo(1);
            semaphore.acquire();
            assertThat(semaphore.availablePermits()).isZero();
            assertThat(semaphore.tryAcquire()).isFalse();
            semaphore.release();
            assertThat(semaphore.availablePermits()).isEqualTo(1);
            assertThat(semaphore.tryAcquire()).isTrue();
            return null;
        });
    }

    @Test
    void testReleaseAcquiredPermits() {
        Semaphore semaphore = semaphore(5, 4);
        assertThat(semaphore.availablePermits()).isEqualTo(1);
        for (int i = 0; i < 4; i++) {
            semaphore.release();
        }
        assertThat(semaphore.availablePermits()).isEqualTo(5);
        assertThatThrownBy(semaphore::release).isInstanceOf(IllegalStateException.class);
        for (int i = 0; i < 5; i++) {
            assertThat(semaphore.tryAcquire()).isTrue();
        }
        assertThat(semaphore.tryAcquire()).isFalse();
    }

    /** Kotlin's last two cases check {@code acquiredPermits}, a constructor argument we do not have (see table). */
    @Test
    void testIllegalArguments() {
        assertThatThrownBy(() -> Coro.semaphore(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Coro.semaphore(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void testWithPermitJsMiscompilation() throws Throwable {
        Semaphore semaphore = Coro.semaphore(1);
        inCoroutine(() -> {
            assertThatThrownBy(() -> {
                        try {
                            if (semaphore.withPermit(() -> null) == null) {
                                throw new IndexOutOfBoundsException(); // should throw…
                            }
                        } catch (Exception e) {
                            throw e; // …and be rethrown as is
                        }
                    })
                    .isInstanceOf(IndexOutOfBoundsException.class);
            return null;
        });
    }
}
