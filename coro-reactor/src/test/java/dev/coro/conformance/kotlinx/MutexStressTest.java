package dev.coro.conformance.kotlinx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coro.Coro;
import dev.coro.Fork;
import dev.coro.Mutex;
import dev.coro.SelectClause;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Port of kotlinx.coroutines {@code kotlinx-coroutines-core/concurrent/test/sync/MutexStressTest.kt}. Kotlin runs
 * the same coroutines on four dispatchers; ours run on one engine (virtual threads, whose carriers the CI runs at
 * 1 and 2), so {@code testDefaultDispatcher} uses coroutines and the three thread-pool variants use Reactor waiters
 * ({@code withLock(Mono)}) on a single thread, a pool of one and a pool of eight. Kotlin's
 * {@code launch(start = UNDISPATCHED)} runs until the {@code lock()} suspends; ours waits until the coroutine is
 * queued. Kotlin's {@code select { mutex.onLock {} }} is a select on {@code SelectClause.onMono(mutex.permit(), ...)}.
 */
@Tag("stress")
@Tag("conformance")
class MutexStressTest {

    private static final boolean CI = System.getenv("CI") != null;
    private static final int N = CI ? 200 : 1000;
    private static final int RACES = CI ? 2_000 : 10_000;
    private static final int K = 100;

    @Test
    void testDefaultDispatcher() throws Throwable {
        Mutex mutex = Coro.mutex();
        int[] shared = {0};
        WithTimeoutTest.inCoroutine(() -> Coro.scope(scope -> {
            for (int i = 0; i < N; i++) {
                scope.fork(() -> {
                    for (int j = 0; j < K; j++) {
                        mutex.lock();
                        shared[0]++;
                        mutex.unlock();
                    }
                    return null;
                });
            }
            return null;
        }));
        assertThat(shared[0]).isEqualTo(N * K);
    }

    @Test
    void testSingleThreadContext() {
        Scheduler single = Schedulers.newSingle("testSingleThreadContext");
        try {
            reactiveBody(single);
        } finally {
            single.dispose();
        }
    }

    @Test
    void testMultiThreadedContextWithSingleWorker() {
        Scheduler pool = Schedulers.newParallel("testMultiThreadedContextWithSingleWorker", 1);
        try {
            reactiveBody(pool);
        } finally {
            pool.dispose();
        }
    }

    @Test
    void testMultiThreadedContext() {
        Scheduler pool = Schedulers.newParallel("testMultiThreadedContext", 8);
        try {
            reactiveBody(pool);
        } finally {
            pool.dispose();
        }
    }

    /** N chains on {@code scheduler}, each taking the lock K times in a row for an unguarded increment. */
    private static void reactiveBody(Scheduler scheduler) {
        Mutex mutex = Coro.mutex();
        int[] shared = {0};
        Flux.range(0, N)
                .flatMap(
                        i -> Flux.range(0, K)
                                .concatMap(j -> mutex.withLock(Mono.fromRunnable(() -> shared[0]++)))
                                .subscribeOn(scheduler),
                        N)
                .blockLast(Duration.ofSeconds(60));
        assertThat(shared[0]).isEqualTo(N * K);
    }

    @Test
    void stressUnlockCancelRace() throws Throwable {
        Mutex mutex = Coro.mutex();
        assertThat(mutex.tryLock()).isTrue(); // Kotlin: Mutex(locked = true)
        WithTimeoutTest.inCoroutine(() -> {
            for (int i = 0; i < RACES; i++) {
                // Initially, we hold the lock and no one else can lock, otherwise it's a bug.
                assertThat(mutex.isLocked()).isTrue();
                AtomicBoolean job1EnteredCriticalSection = new AtomicBoolean();
                Coro.scope(scope -> {
                    Fork<Object> job1 = scope.fork(() -> {
                        mutex.lock();
                        job1EnteredCriticalSection.set(true);
                        mutex.unlock();
                        return null;
                    });
                    Queued.waitFor(mutex, 1);
                    assertThat(job1EnteredCriticalSection).isFalse();
                    Fork<Object> job2 = scope.fork(() -> {
                        mutex.unlock();
                        return null;
                    });
                    // job2 runs on its own thread: this cancel races with its unlock.
                    cancelAndJoin(job1);
                    job2.join();
                    return null;
                });
                assertThat(mutex.isLocked()).isFalse();
                mutex.lock();
            }
            return null;
        });
    }

    @Test
    void stressUnlockCancelRaceWithSelect() throws Throwable {
        Mutex mutex = Coro.mutex();
        assertThat(mutex.tryLock()).isTrue();
        WithTimeoutTest.inCoroutine(() -> {
            for (int i = 0; i < RACES; i++) {
                assertThat(mutex.isLocked()).isTrue();
                AtomicBoolean job1EnteredCriticalSection = new AtomicBoolean();
                Coro.scope(scope -> {
                    Fork<Object> job1 = scope.fork(() -> Coro.select(SelectClause.onMono(mutex.permit(), permit -> {
                        job1EnteredCriticalSection.set(true);
                        if (permit != null) {
                            permit.close();
                        }
                        return null;
                    })));
                    Queued.waitFor(mutex, 1);
                    assertThat(job1EnteredCriticalSection).isFalse();
                    Fork<Object> job2 = scope.fork(() -> {
                        mutex.unlock();
                        return null;
                    });
                    cancelAndJoin(job1);
                    job2.join();
                    return null;
                });
                assertThat(mutex.isLocked()).as("round %d", i).isFalse();
                mutex.lock();
            }
            return null;
        });
    }

    @Test
    void testShouldBeUnlockedOnCancellation() throws Throwable {
        Mutex mutex = Coro.mutex();
        WithTimeoutTest.inCoroutine(() -> {
            for (int i = 0; i < N; i++) {
                Coro.scope(scope -> {
                    Fork<Object> job = scope.fork(() -> {
                        mutex.lock();
                        mutex.unlock();
                        return null;
                    });
                    mutex.withLock(() -> {
                        job.cancel();
                        return null;
                    });
                    cancelAndJoin(job);
                    return null;
                });
                assertThat(mutex.isLocked()).isFalse();
            }
            return null;
        });
    }

    static void cancelAndJoin(Fork<?> job) {
        job.cancel();
        try {
            job.join();
        } catch (CancellationException expected) {
            // cancelled before it finished
        }
    }
}
