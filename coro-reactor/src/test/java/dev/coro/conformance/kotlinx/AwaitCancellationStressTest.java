package dev.coro.conformance.kotlinx;

import static dev.coro.Coro.awaitFirst;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coro.Coro;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.publisher.Hooks;

/**
 * Port of kotlinx.coroutines {@code reactive/kotlinx-coroutines-reactive/test/AwaitCancellationStressTest.kt}: rule
 * §2.7 for awaits, a subscription's request and cancel never run at the same time, while the awaiting coroutine is
 * cancelled at once, many times.
 */
@Tag("stress")
@Tag("conformance")
class AwaitCancellationStressTest {

    private static final int ITERATIONS =
            Integer.getInteger("coro.stress.rounds", System.getenv("CI") != null ? 2_000 : 10_000);

    private final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void capture() {
        Hooks.onErrorDropped(failures::add);
    }

    @AfterEach
    void reset() {
        Hooks.resetOnErrorDropped();
    }

    @Test
    void testAwaitCancellationOrder() throws Exception {
        for (int i = 0; i < ITERATIONS; i++) {
            Thread[] thread = new Thread[1];
            Disposable job = Coro.mono(() -> {
                        thread[0] = Thread.currentThread();
                        return awaitFirst(testPublisher());
                    })
                    .subscribe(v -> {}, failures::add);
            job.dispose();
            Thread t = thread[0];
            if (t != null) {
                t.join(Duration.ofSeconds(10));
            }
        }
        assertThat(failures).isEmpty();
    }

    private Publisher<Integer> testPublisher() {
        return s -> {
            ReentrantLock lock = new ReentrantLock();
            s.onSubscribe(new Subscription() {
                @Override
                public void request(long n) {
                    check(lock.tryLock());
                    s.onNext(42);
                    lock.unlock();
                }

                @Override
                public void cancel() {
                    check(lock.tryLock());
                    lock.unlock();
                }
            });
        };
    }

    private void check(boolean locked) {
        if (!locked) {
            failures.add(new IllegalStateException("§2.7 broken: request and cancel ran at the same time"));
        }
    }
}
