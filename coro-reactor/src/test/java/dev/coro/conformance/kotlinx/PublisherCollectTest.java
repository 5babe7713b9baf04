package dev.coro.conformance.kotlinx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coro.Coro;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;

/**
 * Port of kotlinx.coroutines {@code reactive/kotlinx-coroutines-reactive/test/PublisherCollectTest.kt}: Kotlin's
 * {@code Publisher.collect} is a loop over {@code Coro.each}.
 */
@Tag("conformance")
class PublisherCollectTest {

    private static final int X = 100;
    private static final int X_SUM = X * (X + 1) / 2;

    /** A hand-written publisher of 1..100 that honours requests, ending with onComplete or {@code error}. */
    private static Publisher<Integer> publisher(RuntimeException error, AtomicBoolean cancelled) {
        return subscriber -> {
            long[] requested = {0};
            int[] lastOutput = {0};
            subscriber.onSubscribe(new Subscription() {
                @Override
                public void request(long n) {
                    requested[0] += n;
                    if (n <= 0) {
                        subscriber.onError(new IllegalArgumentException());
                        return;
                    }
                    while (lastOutput[0] < X && lastOutput[0] < requested[0]) {
                        lastOutput[0] += 1;
                        subscriber.onNext(lastOutput[0]);
                    }
                    if (lastOutput[0] == X) {
                        if (error == null) {
                            subscriber.onComplete();
                        } else {
                            subscriber.onError(error);
                        }
                    }
                }

                @Override
                public void cancel() {
                    // §3.5: the subscriber may cancel at any point.
                    cancelled.set(true);
                }
            });
        };
    }

    /** A bounded stream of values is collected whole. */
    @Test
    void testCollect() {
        Integer sum = Coro.mono(() -> {
                    int s = 0;
                    for (int v : Coro.each(publisher(null, new AtomicBoolean()), 16)) {
                        s += v;
                    }
                    return s;
                })
                .block(Duration.ofSeconds(10));
        assertThat(sum).isEqualTo(X_SUM);
    }

    /** The publisher's error is thrown from the loop after every element before it. */
    @Test
    void testCollectThrowingPublisher() {
        String errorString = "Too many elements requested";
        int[] sum = {0};
        assertThatThrownBy(() -> Coro.mono(() -> {
                            for (int v : Coro.each(
                                    publisher(new IllegalArgumentException(errorString), new AtomicBoolean()), 16)) {
                                sum[0] += v;
                            }
                            return null;
                        })
                        .block(Duration.ofSeconds(10)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(errorString);
        assertThat(sum[0]).isEqualTo(X_SUM);
    }

    /** An exception in the loop body ends the loop and cancels the publisher. */
    @Test
    void testCollectThrowingAction() {
        String errorString = "Too many elements produced";
        AtomicBoolean cancelled = new AtomicBoolean();
        int[] sum = {0};
        assertThatThrownBy(() -> Coro.mono(() -> {
                            for (int v : Coro.each(publisher(null, cancelled), 16)) {
                                sum[0] += v;
                                if (sum[0] >= X_SUM) {
                                    throw new IllegalArgumentException(errorString);
                                }
                            }
                            return null;
                        })
                        .block(Duration.ofSeconds(10)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(errorString);
        assertThat(sum[0]).isEqualTo(X_SUM);
        assertThat(cancelled).isTrue();
    }
}
