package dev.coro.conformance.kotlinx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coro.Coro;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;

/**
 * Port of kotlinx.coroutines {@code reactive/kotlinx-coroutines-reactive/test/CancelledParentAttachTest.kt}: a
 * publisher attached to a parent that is cancelled already must not hang whoever collects it. Kotlin's parent is a
 * Job; ours is the collecting coroutine, which cancels its own subscription before it loops: the loop throws
 * CancellationException at once and the generator never runs.
 */
@Tag("conformance")
class CancelledParentAttachTest {

    @Test
    void testFlow() throws Exception {
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        AtomicBoolean generatorRan = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(1);
        Flux<Integer> f = Coro.flux(out -> {
            generatorRan.set(true);
            out.yield(1);
            out.yield(2);
            out.yield(3);
        });
        BaseSubscriber<Object> subscriber = new BaseSubscriber<>() {};
        Coro.mono(() -> {
                    try {
                        subscriber.cancel(); // the parent is cancelled before the publisher is attached
                        for (int ignored : Coro.each(f, 16)) {
                            outcome.set(new AssertionError("an element reached a cancelled coroutine"));
                        }
                        outcome.compareAndSet(null, new AssertionError("the loop ended normally"));
                    } catch (Throwable t) {
                        outcome.compareAndSet(null, t);
                    } finally {
                        done.countDown();
                    }
                    return null;
                })
                .subscribe(subscriber);
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(outcome.get()).isInstanceOf(CancellationException.class);
        assertThat(generatorRan).isFalse();
    }
}
