package dev.coro.conformance.kotlinx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coro.Coro;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * Port of kotlinx.coroutines {@code reactive/kotlinx-coroutines-reactor/test/BackpressureTest.kt}. Kotlin collects a
 * Flux directly or as a Flow; both are a loop over {@code Coro.each} here. Its cooperative-cancellation tests cancel
 * the collecting coroutine from inside the loop over an endless fast Flux: the loop must stop at its next element and
 * cancel the Flux (issue 9, defect 2).
 */
@Tag("conformance")
class BackpressureTest {

    private final Steps steps = new Steps();

    @Test
    void testBackpressureDropDirect() {
        steps.expect(1);
        Coro.mono(() -> {
                    for (int it : Coro.each(Flux.fromArray(new Integer[] {1}).onBackpressureDrop(), 16)) {
                        assertThat(it).isEqualTo(1);
                        steps.expect(2);
                    }
                    return null;
                })
                .block(Duration.ofSeconds(10));
        steps.finish(3);
    }

    /** Kotlin's {@code asFlow()} collection; the same loop here, with the smallest prefetch. */
    @Test
    void testBackpressureDropFlow() {
        steps.expect(1);
        Coro.mono(() -> {
                    for (int it : Coro.each(Flux.fromArray(new Integer[] {1}).onBackpressureDrop(), 1)) {
                        assertThat(it).isEqualTo(1);
                        steps.expect(2);
                    }
                    return null;
                })
                .block(Duration.ofSeconds(10));
        steps.finish(3);
    }

    @Test
    void testCooperativeCancellation() {
        cancelFromInsideTheLoop(256);
    }

    /** Kotlin's {@code produceIn} buffers the Flow in a channel; a large prefetch is our buffer. */
    @Test
    void testCooperativeCancellationForBuffered() {
        cancelFromInsideTheLoop(4096);
    }

    /**
     * The coroutine cancels itself (through its subscription) at element 11: the loop throws CancellationException at
     * the next element even though thousands are buffered, and the endless Flux is cancelled.
     */
    private static void cancelFromInsideTheLoop(int prefetch) {
        AtomicBoolean upstreamCancelled = new AtomicBoolean();
        AtomicReference<Disposable> self = new AtomicReference<>();
        AtomicReference<Throwable> ended = new AtomicReference<>();
        AtomicLong seen = new AtomicLong();
        java.util.concurrent.CountDownLatch subscribed = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        Flux<Long> flux = Flux.fromStream(LongStream.range(0, Long.MAX_VALUE).boxed())
                .doOnCancel(() -> upstreamCancelled.set(true));
        self.set(Coro.mono(() -> {
                    subscribed.await();
                    try {
                        for (long it : Coro.each(flux, prefetch)) {
                            seen.incrementAndGet();
                            if (it > 10) {
                                self.get().dispose(); // cancels this very coroutine
                            }
                        }
                        return null;
                    } catch (Throwable t) {
                        ended.set(t);
                        throw t;
                    } finally {
                        done.countDown();
                    }
                })
                .subscribe());
        subscribed.countDown();
        try {
            assertThat(done.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertThat(ended.get()).isInstanceOf(CancellationException.class);
        assertThat(seen.get()).isEqualTo(12);
        assertThat(upstreamCancelled).isTrue();
    }
}
