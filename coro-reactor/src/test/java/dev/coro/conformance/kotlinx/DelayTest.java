package dev.coro.conformance.kotlinx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coro.Coro;
import dev.coro.Fork;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Port of kotlinx.coroutines {@code kotlinx-coroutines-core/common/test/DelayTest.kt}: {@code delay(ms)} is
 * {@code Coro.sleep(Duration)}, {@code async} a fork of {@code Coro.scope} ({@code coroutineScope}). The fork's
 * step 2 comes before the caller's step 3 by a latch (Kotlin's {@code yield()} hands over on its one thread), and the
 * caller cancels once the fork is in its sleep (Kotlin: {@code isActive} after the yield).
 */
@Tag("conformance")
class DelayTest {

    private final Steps steps = new Steps();

    @Test
    void testCancellation() {
        assertThatThrownBy(() -> runAndCancel(Duration.ofMillis(1000))).isInstanceOf(CancellationException.class);
    }

    @Test
    void testMaxLongValue() {
        assertThatThrownBy(() -> runAndCancel(Duration.ofMillis(Long.MAX_VALUE)))
                .isInstanceOf(CancellationException.class);
    }

    @Test
    void testMaxIntValue() {
        assertThatThrownBy(() -> runAndCancel(Duration.ofMillis(Integer.MAX_VALUE)))
                .isInstanceOf(CancellationException.class);
    }

    @Test
    void testRegularDelay() throws Throwable {
        WithTimeoutTest.inCoroutine(() -> Coro.scope(scope -> {
            CountDownLatch one = new CountDownLatch(1);
            Fork<Object> deferred = scope.fork(() -> {
                WithTimeoutOrNullTest.awaitLatch(one);
                steps.expect(2);
                Coro.sleep(Duration.ofMillis(1));
                steps.expect(3);
                return null;
            });
            steps.expect(1);
            one.countDown();
            deferred.join();
            steps.finish(4);
            return null;
        }));
    }

    private void runAndCancel(Duration time) throws Throwable {
        WithTimeoutTest.inCoroutine(() -> Coro.scope(scope -> {
            steps.expect(1);
            CountDownLatch sleeping = new CountDownLatch(1);
            Fork<Object> deferred = scope.fork(() -> {
                steps.expect(2);
                sleeping.countDown();
                Coro.sleep(time);
                steps.expectUnreached();
                return null;
            });
            WithTimeoutOrNullTest.awaitLatch(sleeping);
            steps.expect(3);
            assertThat(deferred.isDone()).isFalse();
            deferred.cancel();
            steps.finish(4);
            return deferred.join();
        }));
    }
}
