package dev.coro.conformance.kotlinx;

import static dev.coro.Coro.await;
import static dev.coro.Coro.awaitFirstOrNull;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coro.Coro;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;

/**
 * Port of kotlinx.coroutines {@code reactive/kotlinx-coroutines-reactive/test/PublishTest.kt}: {@code publish {}} is
 * {@code Coro.flux}, {@code send} is {@code yield}. Errors Kotlin sends to the coroutine's exception handler go to
 * Reactor's hooks here.
 */
@Tag("conformance")
class PublishTest {

    private final Steps steps = new Steps();
    private final Queue<Throwable> dropped = new ConcurrentLinkedQueue<>();
    private final Queue<Throwable> operatorErrors = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void setup() {
        Hooks.onErrorDropped(dropped::add);
        Hooks.onOperatorError("kotlinx-port", (e, data) -> {
            operatorErrors.add(e);
            return e;
        });
    }

    @AfterEach
    void resetHooks() {
        Hooks.resetOnErrorDropped();
        Hooks.resetOnOperatorError("kotlinx-port");
    }

    /** A subscriber that records its signals as steps; {@code request} is what it requests in onSubscribe. */
    // A CoreSubscriber, so that Reactor does not wrap it in its StrictSubscriber, which hides a throwing onNext.
    private abstract class Recording<T> implements CoreSubscriber<T> {
        final CountDownLatch terminated = new CountDownLatch(1);

        @Override
        public void onNext(T t) {
            steps.expectUnreached();
        }

        @Override
        public void onComplete() {
            steps.expectUnreached();
        }

        @Override
        public void onError(Throwable t) {
            steps.expectUnreached();
        }
    }

    @Test
    void testBasicEmpty() throws Exception {
        steps.expect(1);
        Flux<Integer> publisher = Coro.flux(out -> steps.expect(4));
        steps.expect(2);
        Recording<Integer> subscriber = new Recording<>() {
            @Override
            public void onSubscribe(Subscription s) {
                steps.expect(3);
                s.request(1); // our generator starts at the first request (Kotlin's at the subscription)
            }

            @Override
            public void onComplete() {
                steps.expect(5);
                terminated.countDown();
            }
        };
        publisher.subscribe(subscriber);
        assertThat(subscriber.terminated.await(10, TimeUnit.SECONDS)).isTrue();
        steps.finish(6);
    }

    @Test
    void testBasicSingle() throws Exception {
        steps.expect(1);
        Flux<Integer> publisher = Coro.flux(out -> {
            steps.expect(4);
            out.yield(42);
            steps.expect(6);
        });
        steps.expect(2);
        Recording<Integer> subscriber = new Recording<>() {
            @Override
            public void onSubscribe(Subscription s) {
                steps.expect(3);
                s.request(1);
            }

            @Override
            public void onNext(Integer t) {
                steps.expect(5);
                assertThat(t).isEqualTo(42);
            }

            @Override
            public void onComplete() {
                steps.expect(7);
                terminated.countDown();
            }
        };
        publisher.subscribe(subscriber);
        assertThat(subscriber.terminated.await(10, TimeUnit.SECONDS)).isTrue();
        steps.finish(8);
    }

    @Test
    void testBasicError() throws Exception {
        steps.expect(1);
        Flux<Integer> publisher = Coro.flux(out -> {
            steps.expect(4);
            throw new RuntimeException("OK");
        });
        steps.expect(2);
        Recording<Integer> subscriber = new Recording<>() {
            @Override
            public void onSubscribe(Subscription s) {
                steps.expect(3);
                s.request(1);
            }

            @Override
            public void onError(Throwable t) {
                steps.expect(5);
                assertThat(t).isInstanceOf(RuntimeException.class).hasMessage("OK");
                terminated.countDown();
            }
        };
        publisher.subscribe(subscriber);
        assertThat(subscriber.terminated.await(10, TimeUnit.SECONDS)).isTrue();
        steps.finish(6);
    }

    /** A crash after the subscriber cancelled reaches no subscriber: it goes to the hook (Kotlin: the handler). */
    @Test
    void testHandleFailureAfterCancel() throws Exception {
        steps.expect(1);
        CountDownLatch waiting = new CountDownLatch(1);
        AtomicReference<Thread> thread = new AtomicReference<>();
        Flux<Object> publisher = Coro.flux(out -> {
            thread.set(Thread.currentThread());
            try {
                steps.expect(3);
                waiting.countDown();
                await(Mono.never());
            } finally {
                steps.expect(5);
                throw new RuntimeException("FAILED"); // crash after cancel
            }
        });
        AtomicReference<Subscription> sub = new AtomicReference<>();
        publisher.subscribe(new Recording<Object>() {
            @Override
            public void onSubscribe(Subscription s) {
                steps.expect(2);
                sub.set(s);
                s.request(1);
            }
        });
        assertThat(waiting.await(10, TimeUnit.SECONDS)).isTrue();
        steps.expect(4);
        sub.get().cancel();
        thread.get().join(Duration.ofSeconds(10));
        assertThat(dropped).singleElement().satisfies(e -> assertThat(e).hasMessage("FAILED"));
        steps.finish(6);
    }

    /**
     * A subscriber whose onNext throws (§2.13 forbids it). Kotlin: {@code send} rethrows the subscriber's exception in
     * the producer, the channel closes, and the exception goes to the handler; onError is never called. Ours, as
     * Reactor treats a throwing subscriber (docs/adr/0007): the subscriber counts as cancelled and gets the error
     * through onError after Reactor's operator-error hook; {@code yield} throws CancellationException with the
     * subscriber's exception as its cause (deliberate difference, docs/peer-tests.md).
     */
    @Test
    void testOnNextError() throws Exception {
        steps.expect(1);
        CountDownLatch latch = new CountDownLatch(1);
        TestException failure = new TestException();
        Flux<String> publisher = Coro.flux(out -> {
            steps.expect(4);
            try {
                out.yield("OK");
            } catch (Throwable e) {
                steps.expect(7);
                assertThat(e).isInstanceOf(CancellationException.class).hasCause(failure);
                latch.countDown();
            }
        });
        steps.expect(2);
        publisher.subscribe(new Recording<String>() {
            @Override
            public void onSubscribe(Subscription s) {
                steps.expect(3);
                s.request(1);
            }

            @Override
            public void onNext(String t) {
                steps.expect(5);
                assertThat(t).isEqualTo("OK");
                throw failure;
            }

            @Override
            public void onError(Throwable t) {
                steps.expect(6);
                assertThat(t).isSameAs(failure);
            }
        });
        assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(operatorErrors).containsExactly(failure);
        steps.finish(8);
    }

    /**
     * A consumer that throws stops the flux at its first element. Kotlin's rendezvous makes the producer reach exactly
     * {@code expect(2)}; with {@code Coro.each(pub, 1)} the producer may run one element ahead of the consumer (its
     * prefetch of one, refilled as the consumer takes the first) before the cancel reaches it: it emits one or two
     * elements, never the third.
     */
    @Test
    void testFailingConsumer() throws Exception {
        java.util.concurrent.CountDownLatch producerEnded = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger emitted = new java.util.concurrent.atomic.AtomicInteger();
        Flux<Integer> pub = Coro.<Integer>flux(out -> {
                    try {
                        for (int it = 0; it < 3; it++) {
                            steps.expect(it + 1); // expect(1), expect(2) *should* be invoked
                            out.yield(it);
                        }
                    } finally {
                        producerEnded.countDown();
                    }
                })
                .doOnNext(v -> emitted.incrementAndGet());
        assertThatThrownBy(() -> Coro.mono(() -> {
                            for (int ignored : Coro.each(pub, 1)) {
                                throw new TestException();
                            }
                            return null;
                        })
                        .block(Duration.ofSeconds(10)))
                .isInstanceOf(TestException.class);
        assertThat(producerEnded.await(10, java.util.concurrent.TimeUnit.SECONDS))
                .isTrue();
        assertThat(emitted.get()).isBetween(1, 2);
    }

    /** Emitting null: see FluxTest#testEmittingNull for the deliberate difference. */
    @Test
    void testEmittingNull() {
        Flux<String> publisher = Coro.flux(out -> {
            assertThatThrownBy(() -> out.yield(nullString())).isInstanceOf(NullPointerException.class);
            out.yield("OK");
        });
        assertThatThrownBy(() -> Coro.mono(() -> awaitFirstOrNull(publisher)).block(Duration.ofSeconds(10)))
                .isInstanceOf(NullPointerException.class);
    }

    @SuppressWarnings("NullAway")
    private static String nullString() {
        return null;
    }
}
