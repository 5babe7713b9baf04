package dev.coro.conformance.kotlinx;

import static dev.coro.Coro.awaitFirst;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coro.Coro;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;

/** Port of kotlinx.coroutines {@code reactive/kotlinx-coroutines-reactive/test/AwaitTest.kt}. */
@Tag("conformance")
class AwaitTest {

    private final Steps steps = new Steps();

    /** An await throws CancellationException and unsubscribes from the publisher when its coroutine is cancelled. */
    @Test
    void testAwaitCancellation() throws Exception {
        steps.expect(1);
        CountDownLatch requested = new CountDownLatch(1);
        Publisher<Integer> publisher = s -> s.onSubscribe(new Subscription() {
            @Override
            public void request(long n) {
                steps.expect(3);
                requested.countDown();
            }

            @Override
            public void cancel() {
                steps.expect(5);
            }
        });
        CountDownLatch caught = new CountDownLatch(1);
        Disposable job = Coro.mono(() -> {
                    try {
                        steps.expect(2);
                        return awaitFirst(publisher);
                    } catch (CancellationException e) {
                        steps.expect(6);
                        caught.countDown();
                        throw e;
                    }
                })
                .subscribe();
        assertThat(requested.await(10, TimeUnit.SECONDS)).isTrue();
        steps.expect(4);
        job.dispose();
        assertThat(caught.await(10, TimeUnit.SECONDS)).isTrue();
        steps.finish(7);
    }
}
