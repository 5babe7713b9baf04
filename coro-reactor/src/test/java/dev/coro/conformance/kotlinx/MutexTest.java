package dev.coro.conformance.kotlinx;

import static dev.coro.conformance.kotlinx.WithTimeoutOrNullTest.awaitLatch;
import static dev.coro.conformance.kotlinx.WithTimeoutTest.inCoroutine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coro.Coro;
import dev.coro.Mutex;
import dev.coro.Semaphore;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * Port of kotlinx.coroutines {@code kotlinx-coroutines-core/common/test/sync/MutexTest.kt}: {@code Mutex()} is
 * {@code Coro.mutex()}, {@code launch} a fork of {@code Coro.scope}. Kotlin's {@code yield()} hands over on one
 * thread; here the caller waits until the other coroutine is queued on the mutex ({@link Queued}) or for a latch it
 * counts down. Kotlin's owner tokens ({@code lock(owner)}, {@code holdsLock}) have no counterpart: our mutex has no
 * owner (any coroutine or thread may unlock), so those tests are not applicable.
 */
@Tag("conformance")
class MutexTest {

    private final Steps steps = new Steps();

    @Test
    void testSimple() throws Throwable {
        Mutex mutex = Coro.mutex();
        inCoroutine(() -> Coro.scope(scope -> {
            CountDownLatch three = new CountDownLatch(1);
            CountDownLatch six = new CountDownLatch(1);
            steps.expect(1);
            scope.fork(() -> {
                awaitLatch(three);
                steps.expect(4);
                mutex.lock(); // suspends
                awaitLatch(six);
                steps.expect(7); // now got lock
                mutex.unlock();
                steps.expect(8);
                return null;
            });
            steps.expect(2);
            mutex.lock(); // locked
            steps.expect(3);
            three.countDown();
            Queued.waitFor(mutex, 1);
            steps.expect(5);
            mutex.unlock();
            steps.expect(6);
            six.countDown();
            return null;
        }));
        steps.finish(9);
    }

    @Test
    void tryLockTest() {
        Mutex mutex = Coro.mutex();
        assertThat(mutex.isLocked()).isFalse();
        assertThat(mutex.tryLock()).isTrue();
        assertThat(mutex.isLocked()).isTrue();
        assertThat(mutex.tryLock()).isFalse();
        assertThat(mutex.isLocked()).isTrue();
        mutex.unlock();
        assertThat(mutex.isLocked()).isFalse();
        assertThat(mutex.tryLock()).isTrue();
        assertThat(mutex.isLocked()).isTrue();
        assertThat(mutex.tryLock()).isFalse();
        assertThat(mutex.isLocked()).isTrue();
        mutex.unlock();
        assertThat(mutex.isLocked()).isFalse();
    }

    @Test
    void withLockTest() throws Throwable {
        Mutex mutex = Coro.mutex();
        inCoroutine(() -> {
            assertThat(mutex.isLocked()).isFalse();
            mutex.withLock(() -> {
                assertThat(mutex.isLocked()).isTrue();
                return null;
            });
            assertThat(mutex.isLocked()).isFalse();
            return null;
        });
    }

    @Test
    void testWithLockFailureUnlocksTheMutex() throws Throwable {
        Mutex mutex = Coro.mutex();
        inCoroutine(() -> {
            assertThat(mutex.isLocked()).isFalse();
            try {
                mutex.withLock(() -> {
                    steps.expect(1);
                    assertThat(mutex.isLocked()).isTrue();
                    throw new TestException();
                });
            } catch (TestException e) {
                steps.expect(2);
            }
            assertThat(mutex.isLocked()).isFalse();
            steps.finish(3);
            return null;
        });
    }

    /** Kotlin's non-local {@code return@f} out of the block is, in Java, a return from the body lambda. */
    @Test
    void withLockOnEarlyReturnTest() throws Throwable {
        Mutex mutex = Coro.mutex();
        inCoroutine(() -> {
            assertThat(mutex.isLocked()).isFalse();
            mutex.withLock(() -> {
                assertThat(mutex.isLocked()).isTrue();
                return null;
            });
            assertThat(mutex.isLocked()).isFalse();
            return null;
        });
    }

    /**
     * Kotlin's {@code Dispatchers.Unconfined} waiters resume on the unlocking thread; ours that do are Reactor
     * waiters: {@code withLock(Mono)} subscribers, whose permit is emitted on the thread that unlocks. 10,000 of them
     * queued, one unlock must run them all without a StackOverflowError.
     */
    @Test
    void testUnconfinedStackOverflow() {
        int waiters = 10_000;
        Mutex mutex = Coro.mutex();
        assertThat(mutex.tryLock()).isTrue(); // Kotlin: Mutex(locked = true)
        AtomicInteger done = new AtomicInteger();
        for (int i = 0; i < waiters; i++) {
            mutex.withLock(Mono.fromRunnable(done::incrementAndGet)).subscribe();
        }
        mutex.unlock(); // should not produce StackOverflowError
        assertThat(done.get()).isEqualTo(waiters);
        assertThat(mutex.isLocked()).isFalse();
    }

    @Test
    void testWithLockJsMiscompilation() throws Throwable {
        Mutex mutex = Coro.mutex();
        inCoroutine(() -> {
            assertThatThrownBy(() -> {
                        try {
                            if (mutex.withLock(() -> null) == null) {
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

    @Test
    void testMutexIsNotSemaphore() {
        assertThat((Object) Coro.mutex()).isNotInstanceOf(Semaphore.class);
    }
}
