package dev.coro.conformance.kotlinx;

import static dev.coro.conformance.kotlinx.MutexStressTest.cancelAndJoin;
import static dev.coro.conformance.kotlinx.WithTimeoutTest.inCoroutine;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coro.Coro;
import dev.coro.Fork;
import dev.coro.Semaphore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * Port of kotlinx.coroutines {@code kotlinx-coroutines-core/concurrent/test/sync/SemaphoreStressTest.kt}.
 * {@code launch(Dispatchers.Default)} from the test is an independent {@code Coro.mono} (joined by blocking on it);
 * children of {@code runBlocking(Dispatchers.Default)} are forks of one {@code Coro.scope}. Kotlin's
 * {@code launch(start = UNDISPATCHED)} runs until {@code acquire()} suspends; ours waits until it is queued.
 * Rounds are smaller than Kotlin's 10,000 x 100 (which is sized for its cheaper coroutines), and smaller again with
 * {@code CI} set.
 */
@Tag("stress")
@Tag("conformance")
class SemaphoreStressTest {

    private static final boolean CI = System.getenv("CI") != null;
    private static final int ITERATIONS = CI ? 300 : 2_000;
    private static final int RACES = CI ? 2_000 : 10_000;
    private static final int K = 100;

    @Test
    void testStressTestAsMutex() {
        int[] shared = {0};
        Semaphore semaphore = Coro.semaphore(1);
        List<Mono<Object>> jobs = new ArrayList<>();
        for (int i = 0; i < ITERATIONS; i++) {
            jobs.add(Coro.mono(() -> {
                        for (int j = 0; j < K; j++) {
                            semaphore.acquire();
                            shared[0]++;
                            semaphore.release();
                        }
                        return null;
                    })
                    .cache());
        }
        jobs.forEach(Mono::subscribe); // launched, all of them, before any join
        jobs.forEach(job -> job.block(Duration.ofSeconds(60)));
        assertThat(shared[0]).isEqualTo(ITERATIONS * K);
    }

    @Test
    void testStress() {
        Semaphore semaphore = Coro.semaphore(10);
        List<Mono<Object>> jobs = new ArrayList<>();
        for (int i = 0; i < ITERATIONS; i++) {
            jobs.add(Coro.mono(() -> {
                        for (int j = 0; j < K; j++) {
                            semaphore.acquire();
                            semaphore.release();
                        }
                        return null;
                    })
                    .cache());
        }
        jobs.forEach(Mono::subscribe);
        jobs.forEach(job -> job.block(Duration.ofSeconds(60)));
        assertThat(semaphore.availablePermits()).isEqualTo(10);
    }

    @Test
    void testStressAsMutex() throws Throwable {
        int[] shared = {0};
        Semaphore semaphore = Coro.semaphore(1);
        inCoroutine(() -> Coro.scope(scope -> {
            for (int i = 0; i < ITERATIONS; i++) {
                scope.fork(() -> {
                    for (int j = 0; j < K; j++) {
                        semaphore.acquire();
                        shared[0]++;
                        semaphore.release();
                    }
                    return null;
                });
            }
            return null;
        }));
        assertThat(shared[0]).isEqualTo(ITERATIONS * K);
    }

    /** Kotlin's {@code yield()} lets the job reach {@code acquire()} or not: both are covered, half the rounds each. */
    @Test
    void testStressCancellation() throws Throwable {
        Semaphore semaphore = Coro.semaphore(1);
        inCoroutine(() -> {
            semaphore.acquire();
            for (int i = 0; i < RACES; i++) {
                boolean queued = i % 2 == 0;
                Coro.scope(scope -> {
                    Fork<Object> job = scope.fork(() -> {
                        semaphore.acquire();
                        return null;
                    });
                    if (queued) {
                        Queued.waitFor(semaphore, 1);
                    }
                    cancelAndJoin(job);
                    return null;
                });
            }
            assertThat(semaphore.availablePermits()).isZero();
            semaphore.release();
            assertThat(semaphore.availablePermits()).isEqualTo(1);
            return null;
        });
    }

    /** Repeated releases that race with cancellations must not leak a permit. */
    @Test
    void testStressReleaseCancelRace() throws Throwable {
        Semaphore semaphore = Coro.semaphore(1);
        assertThat(semaphore.tryAcquire()).isTrue(); // Kotlin: Semaphore(1, acquiredPermits = 1)
        inCoroutine(() -> {
            for (int i = 0; i < RACES; i++) {
                // Initially, we hold the permit and no one else can acquire, otherwise it's a bug.
                assertThat(semaphore.availablePermits()).isZero();
                AtomicBoolean job1EnteredCriticalSection = new AtomicBoolean();
                Coro.scope(scope -> {
                    Fork<Object> job1 = scope.fork(() -> {
                        semaphore.acquire();
                        job1EnteredCriticalSection.set(true);
                        semaphore.release();
                        return null;
                    });
                    Queued.waitFor(semaphore, 1);
                    assertThat(job1EnteredCriticalSection).isFalse();
                    Fork<Object> job2 = scope.fork(() -> {
                        semaphore.release();
                        return null;
                    });
                    // job2 runs on its own thread: this cancel races with its release.
                    cancelAndJoin(job1);
                    job2.join();
                    return null;
                });
                assertThat(semaphore.availablePermits()).isEqualTo(1);
                semaphore.acquire();
            }
            return null;
        });
    }

    @Test
    void testShouldBeUnlockedOnCancellation() throws Throwable {
        Semaphore semaphore = Coro.semaphore(1);
        int n = CI ? 200 : 1000;
        inCoroutine(() -> {
            for (int i = 0; i < n; i++) {
                Coro.scope(scope -> {
                    Fork<Object> job = scope.fork(() -> {
                        semaphore.acquire();
                        semaphore.release();
                        return null;
                    });
                    semaphore.withPermit(() -> {
                        job.cancel();
                        return null;
                    });
                    cancelAndJoin(job);
                    return null;
                });
                assertThat(semaphore.availablePermits()).isEqualTo(1);
            }
            return null;
        });
    }
}
