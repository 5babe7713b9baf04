package dev.coro.conformance.kotlinx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coro.Coro;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;

/** Port of kotlinx.coroutines {@code reactive/kotlinx-coroutines-reactive/test/PublisherBackpressureTest.kt}. */
@Tag("conformance")
class PublisherBackpressureTest {

    private final Steps steps = new Steps();

    /** A generator suspended for lack of demand is cancelled by the subscriber: its finally runs, nothing is sent. */
    @Test
    void testCancelWhileBPSuspended() throws Exception {
        steps.expect(1);
        CountDownLatch suspended = new CountDownLatch(1);
        CountDownLatch ended = new CountDownLatch(1);
        Flux<String> observable = Coro.flux(out -> {
            steps.expect(4);
            out.yield("A"); // will not suspend, because an item was requested
            steps.expect(6);
            out.yield("B"); // second requested item
            steps.expect(8);
            suspended.countDown();
            try {
                out.yield("C"); // will suspend (no more requested)
            } finally {
                steps.expect(10);
                ended.countDown();
            }
            steps.expectUnreached();
        });
        steps.expect(2);
        AtomicReference<Subscription> sub = new AtomicReference<>();
        observable.subscribe(new CoreSubscriber<String>() {
            @Override
            public void onSubscribe(Subscription s) {
                sub.set(s);
                steps.expect(3);
                s.request(2); // request two items
            }

            @Override
            public void onNext(String t) {
                switch (t) {
                    case "A" -> steps.expect(5);
                    case "B" -> steps.expect(7);
                    default -> steps.expectUnreached();
                }
            }

            @Override
            public void onComplete() {
                steps.expectUnreached();
            }

            @Override
            public void onError(Throwable e) {
                steps.expectUnreached();
            }
        });
        assertThat(suspended.await(10, TimeUnit.SECONDS)).isTrue();
        // The generator is now in yield("C") (or about to be); waiting for demand shows in the coroutine dump.
        steps.expect(9);
        sub.get().cancel(); // now unsubscribe -- shall cancel coroutine (& do not signal)
        assertThat(ended.await(10, TimeUnit.SECONDS)).isTrue();
        steps.finish(11);
    }
}
