package dev.coro.conformance.kotlinx;

import static dev.coro.Coro.await;
import static dev.coro.Coro.awaitFirst;
import static dev.coro.Coro.awaitLast;
import static dev.coro.Coro.awaitSingle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coro.Coro;
import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;

/**
 * Port of kotlinx.coroutines {@code reactive/kotlinx-coroutines-reactor/test/MonoTest.kt}: {@code mono {}} is
 * {@code Coro.mono}, {@code awaitSingle()} and friends are {@code Coro.await*}. Kotlin's single-threaded dispatcher
 * lets its tests interleave the caller and the coroutine step by step; our coroutine runs at once on its own virtual
 * thread, so the ports wait for each signal with a latch instead and keep every step that does not depend on the
 * dispatcher. Errors that Kotlin checks never reach its global handler are checked never to reach
 * {@code Hooks.onErrorDropped} (Reactor's place for them).
 */
@Tag("conformance")
class MonoTest {

    private final Steps steps = new Steps();
    private final Queue<Throwable> dropped = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void setup() {
        Hooks.onErrorDropped(dropped::add);
    }

    @AfterEach
    void resetHooks() {
        Hooks.resetOnErrorDropped();
    }

    @Test
    void testBasicSuccess() throws Exception {
        steps.expect(1);
        Mono<String> mono = Coro.mono(() -> {
            steps.expect(3);
            return "OK";
        });
        steps.expect(2); // cold: nothing ran before the subscription
        CountDownLatch done = new CountDownLatch(1);
        mono.subscribe(value -> {
            steps.expect(4);
            assertThat(value).isEqualTo("OK");
            done.countDown();
        });
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        steps.finish(5);
        assertThat(dropped).isEmpty();
    }

    @Test
    void testBasicFailure() throws Exception {
        steps.expect(1);
        Mono<String> mono = Coro.mono(() -> {
            steps.expect(3);
            throw new RuntimeException("OK");
        });
        steps.expect(2);
        CountDownLatch done = new CountDownLatch(1);
        mono.subscribe(v -> steps.expectUnreached(), error -> {
            steps.expect(4);
            assertThat(error).isInstanceOf(RuntimeException.class).hasMessage("OK");
            done.countDown();
        });
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        steps.finish(5);
    }

    @Test
    void testBasicEmpty() throws Exception {
        steps.expect(1);
        Mono<String> mono = Coro.mono(() -> {
            steps.expect(3);
            return null;
        });
        steps.expect(2);
        CountDownLatch done = new CountDownLatch(1);
        mono.subscribe(v -> steps.expectUnreached(), e -> steps.expectUnreached(), () -> {
            steps.expect(4);
            done.countDown();
        });
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        steps.finish(5);
    }

    @Test
    void testBasicUnsubscribe() throws Exception {
        steps.expect(1);
        CountDownLatch suspended = new CountDownLatch(1);
        CountDownLatch ended = new CountDownLatch(1);
        Mono<String> mono = Coro.mono(() -> {
            steps.expect(3);
            suspended.countDown();
            try {
                return await(Mono.<String>never()); // will get cancelled
            } finally {
                ended.countDown();
            }
        });
        steps.expect(2);
        // nothing is called on a disposed mono
        Disposable sub = mono.subscribe(v -> steps.expectUnreached(), e -> steps.expectUnreached());
        assertThat(suspended.await(10, TimeUnit.SECONDS)).isTrue();
        steps.expect(4);
        sub.dispose(); // will cancel coroutine
        assertThat(ended.await(10, TimeUnit.SECONDS)).isTrue();
        steps.finish(5);
        assertThat(dropped).isEmpty();
    }

    @Test
    void testMonoNoWait() {
        assertThat(Coro.mono(() -> "OK").block(Duration.ofSeconds(10))).isEqualTo("OK");
    }

    @Test
    void testMonoAwait() {
        assertThat(awaitSingle(Mono.just("O")) + "K").isEqualTo("OK");
        assertThat(await(Mono.just("O")) + "K").isEqualTo("OK");
        assertThatThrownBy(() -> awaitSingle(Mono.<String>empty())).isInstanceOf(NoSuchElementException.class);
        assertThat(await(Mono.<Integer>empty())).isNull();
    }

    /** An await throws CancellationException and unsubscribes from the publisher when its coroutine is cancelled. */
    @Test
    void testAwaitCancellation() throws Exception {
        steps.expect(1);
        CountDownLatch cancelledUpstream = new CountDownLatch(1);
        Mono<Object> mono = Coro.mono(() -> await(Mono.never()))
                .doOnSubscribe(s -> steps.expect(3))
                .doOnCancel(() -> {
                    steps.expect(5);
                    cancelledUpstream.countDown();
                });
        CountDownLatch subscribed = new CountDownLatch(1);
        CountDownLatch caught = new CountDownLatch(1);
        Disposable job = Coro.mono(() -> {
                    try {
                        steps.expect(2);
                        return await(mono.doOnSubscribe(s -> subscribed.countDown()));
                    } catch (CancellationException e) {
                        assertThat(cancelledUpstream.getCount()).isZero();
                        steps.expect(6);
                        caught.countDown();
                        throw e;
                    }
                })
                .subscribe();
        assertThat(subscribed.await(10, TimeUnit.SECONDS)).isTrue();
        steps.expect(4);
        job.dispose();
        assertThat(caught.await(10, TimeUnit.SECONDS)).isTrue();
        steps.finish(7);
    }

    @Test
    void testMonoEmitAndAwait() {
        assertThat(Coro.mono(() -> awaitSingle(Mono.just("O")) + "K").block(Duration.ofSeconds(10)))
                .isEqualTo("OK");
    }

    @Test
    void testMonoWithDelay() {
        Mono<String> mono = Coro.mono(() -> awaitSingle(Flux.just("O").delayElements(Duration.ofMillis(50))) + "K");
        assertThat(mono.block(Duration.ofSeconds(10))).isEqualTo("OK");
    }

    @Test
    void testMonoException() {
        Mono<String> mono = Coro.mono(() -> awaitSingle(Flux.just("O", "K")) + "K");
        assertThatThrownBy(() -> mono.block(Duration.ofSeconds(10))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void testAwaitFirst() {
        assertThat(Coro.mono(() -> awaitFirst(Flux.just("O", "#")) + "K").block(Duration.ofSeconds(10)))
                .isEqualTo("OK");
    }

    @Test
    void testAwaitLast() {
        assertThat(Coro.mono(() -> awaitLast(Flux.just("#", "O")) + "K").block(Duration.ofSeconds(10)))
                .isEqualTo("OK");
    }

    @Test
    void testExceptionFromFlux() {
        Mono<String> mono = Coro.mono(() -> {
            try {
                return awaitFirst(Flux.<String>error(new RuntimeException("O")));
            } catch (RuntimeException e) {
                return awaitLast(Flux.just(e.getMessage())) + "K";
            }
        });
        assertThat(mono.block(Duration.ofSeconds(10))).isEqualTo("OK");
    }

    @Test
    void testExceptionFromCoroutine() {
        Mono<String> mono = Coro.mono(() -> {
            throw new IllegalStateException(awaitSingle(Flux.just("O")) + "K");
        });
        assertThatThrownBy(() -> mono.block(Duration.ofSeconds(10)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("OK");
    }

    /**
     * A child fails while the body waits, and the body throws another exception while cleaning up: the first failure
     * is the error, the clean-up's is suppressed in it. Kotlin's child is a {@code launch}; ours is a scope's fork.
     */
    @Test
    void testSuppressedException() {
        Mono<String> mono = Coro.mono(() -> Coro.scope(scope -> {
            scope.fork(() -> {
                throw new TestException(); // child coroutine fails
            });
            try {
                return await(Mono.<String>never());
            } finally {
                throw new TestException2(); // but parent throws another exception while cleaning up
            }
        }));
        assertThatThrownBy(() -> awaitSingle(mono))
                .isInstanceOf(TestException.class)
                .satisfies(e -> assertThat(e.getSuppressed()[0]).isInstanceOf(TestException2.class));
    }

    /**
     * The coroutine cancels its own subscription, then throws while cleaning up: nobody can receive that error, so it
     * goes to Reactor's hook. Kotlin passes it to {@code Hooks.onOperatorError}; we pass it to
     * {@code Hooks.onErrorDropped}, Reactor's hook for errors after a cancel (deliberate difference, docs/peer-tests.md).
     */
    @Test
    void testUnhandledException() throws Exception {
        steps.expect(1);
        AtomicReference<Subscription> subscription = new AtomicReference<>();
        CountDownLatch subscribed = new CountDownLatch(1);
        CountDownLatch ended = new CountDownLatch(1);
        AtomicReference<Thread> thread = new AtomicReference<>();
        Mono<Object> mono = Coro.mono(() -> {
            thread.set(Thread.currentThread());
            subscribed.await();
            steps.expect(3);
            subscription.get().cancel(); // cancel our own subscription, so that the await gets cancelled
            try {
                return await(Mono.never());
            } finally {
                ended.countDown();
                throw new TestException(); // would not be able to handle it since mono is disposed
            }
        });
        mono.subscribe(new Subscriber<Object>() {
            @Override
            public void onSubscribe(Subscription s) {
                steps.expect(2);
                subscription.set(s);
                subscribed.countDown();
            }

            @Override
            public void onNext(Object o) {
                steps.expectUnreached();
            }

            @Override
            public void onError(Throwable t) {
                steps.expectUnreached();
            }

            @Override
            public void onComplete() {
                steps.expectUnreached();
            }
        });
        assertThat(ended.await(10, TimeUnit.SECONDS)).isTrue();
        thread.get().join(Duration.ofSeconds(10));
        steps.finish(4);
        assertThat(dropped).singleElement().isInstanceOf(TestException.class);
    }

    /**
     * An error in a coroutine that switchMap already cancelled is not reported anywhere. Kotlin switches on an endless
     * {@code Flux.interval(1 ms)}; a finite one here, so that the last inner mono, which nothing cancels, always
     * fires its bomb even when a loaded machine starts each coroutine later than the next tick.
     */
    @Test
    void testExceptionAfterCancellation() {
        Boolean result = Flux.range(0, 100)
                .delayElements(Duration.ofMillis(1))
                .switchMap(tick -> Coro.mono(() -> awaitSingle(timeBomb())))
                .map(v -> false)
                .onErrorReturn(
                        e -> {
                            steps.expect(1);
                            return true;
                        },
                        true)
                .blockFirst(Duration.ofSeconds(10));
        assertThat(result).isTrue();
        steps.finish(2);
    }

    private static Mono<Long> timeBomb() {
        return Mono.delay(Duration.ofMillis(1)).doOnSuccess(v -> {
            throw new IllegalStateException("something went wrong");
        });
    }

    /** A failing mono combined with itself: the second failure, after the first cancelled it, is not reported. */
    @Test
    void testLeakedException() {
        Flux<Object> flux = Coro.mono(() -> {
                    throw new TestException();
                })
                .flux();
        for (int i = 0; i < 10_000; i++) {
            Flux.combineLatest(flux, flux, (a, b) -> a)
                    .onErrorResume(e -> Flux.empty())
                    .blockLast(Duration.ofSeconds(10));
        }
        // See FluxTest#testLeakedException: a failure racing the cancel is dropped through Reactor's hook, never lost.
        assertThat(dropped).allSatisfy(e -> assertThat(e).isInstanceOf(TestException.class));
    }

    /**
     * A body that times out fails the mono. Kotlin's {@code withTimeout} throws a CancellationException subclass;
     * {@code Coro.withTimeout} throws {@link TimeoutException} (deliberate difference: Java code catches
     * TimeoutException, and a CancellationException would read as the mono's own cancellation).
     */
    @Test
    void testTimeout() {
        Mono<Object> mono = Coro.mono(() -> Coro.withTimeout(Duration.ofMillis(1), () -> {
            Coro.sleep(Duration.ofMillis(100));
            return null;
        }));
        try {
            mono.doOnSubscribe(s -> steps.expect(1))
                    .doOnNext(v -> steps.expectUnreached())
                    .doOnSuccess(v -> steps.expectUnreached())
                    .doOnError(e -> steps.expect(2))
                    .doOnCancel(steps::expectUnreached)
                    .block(Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            assertThat(e).hasCauseInstanceOf(TimeoutException.class);
            steps.expect(3);
        }
        steps.finish(4);
    }

    /** A downstream cancel of a waiting mono is normal: no error reaches any hook, 1,000 times. */
    @Test
    void testDownstreamCancellationDoesNotThrow() throws Exception {
        for (int i = 0; i < 1000; i++) {
            CountDownLatch waiting = new CountDownLatch(1);
            CountDownLatch ended = new CountDownLatch(1);
            Mono<Object> mono = Coro.mono(() -> {
                        try {
                            waiting.countDown();
                            return await(Mono.never());
                        } finally {
                            ended.countDown();
                        }
                    })
                    .doOnNext(v -> steps.expectUnreached())
                    .doOnError(e -> steps.expectUnreached());
            Disposable d = mono.subscribe();
            assertThat(waiting.await(10, TimeUnit.SECONDS)).isTrue();
            d.dispose();
            assertThat(ended.await(10, TimeUnit.SECONDS)).isTrue();
        }
        steps.finish(1);
        assertThat(dropped).isEmpty();
    }

    /**
     * A mono cancelled by the downstream that throws while handling the cancellation: the error goes to Reactor's
     * hook (onErrorDropped here, onOperatorError in Kotlin; see {@link #testUnhandledException()}), once per mono.
     */
    @Test
    void testRethrowingDownstreamCancellation() throws Exception {
        int n = 1000;
        for (int i = 0; i < n; i++) {
            CountDownLatch waiting = new CountDownLatch(1);
            AtomicReference<Thread> thread = new AtomicReference<>();
            Disposable d = Coro.mono(() -> {
                        thread.set(Thread.currentThread());
                        try {
                            waiting.countDown();
                            return await(Mono.never());
                        } catch (CancellationException e) {
                            throw new TestException();
                        }
                    })
                    .subscribe(v -> steps.expectUnreached(), e -> steps.expectUnreached());
            assertThat(waiting.await(10, TimeUnit.SECONDS)).isTrue();
            d.dispose();
            thread.get().join(Duration.ofSeconds(10));
        }
        steps.finish(1);
        assertThat(dropped).hasSize(n).allSatisfy(e -> assertThat(e).isInstanceOf(TestException.class));
    }

    static final class TestException2 extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }
}
