package dev.coro;

import static dev.coro.Coro.await;
import static dev.coro.CoroMonoTest.awaitLatch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import reactor.core.CoreSubscriber;
import reactor.core.Fuseable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import reactor.test.publisher.PublisherProbe;
import reactor.test.publisher.TestPublisher;
import reactor.util.context.Context;

class AwaitTest {

    @Test
    void awaitReturnsTheValueAndNullForEmpty() {
        StepVerifier.create(Coro.mono(() -> {
                    String a = await(Mono.just("a").delayElement(Duration.ofMillis(5)));
                    String none = await(Mono.<String>empty().delayElement(Duration.ofMillis(5)));
                    return a + none;
                }))
                .expectNext("anull")
                .verifyComplete();
    }

    @Test
    void awaitParksOnlyTheCoroutine() throws InterruptedException {
        // One coroutine waits on a sink nobody has fed yet; a second one runs to completion meanwhile and feeds it.
        Trail trail = new Trail();
        Sinks.One<String> gate = Sinks.one();
        CountDownLatch firstSuspended = new CountDownLatch(1);
        Mono<String> waiter = Coro.mono(() -> {
            trail.add("waiter: suspend");
            firstSuspended.countDown();
            String v = await(gate.asMono());
            trail.add("waiter: resumed with " + v);
            return v;
        });
        Mono<String> feeder = Coro.mono(() -> {
            trail.add("feeder: runs while waiter is suspended");
            gate.tryEmitValue("go").orThrow();
            return "fed";
        });
        var result = waiter.toFuture();
        awaitLatch(firstSuspended);
        CoroMonoTest.waitUntil(() -> gate.currentSubscriberCount() == 1);
        assertThat(feeder.block(Duration.ofSeconds(5))).isEqualTo("fed");
        assertThat(result.join()).isEqualTo("go");
        trail.assertSteps("waiter: suspend", "feeder: runs while waiter is suspended", "waiter: resumed with go");
    }

    @Test
    void scalarMonosTakeTheFastPathWithoutSubscribing() {
        assertThat(Mono.just("x")).isInstanceOf(Fuseable.ScalarCallable.class);
        // A subscription to these fails the await: only the fast path can return their values.
        Mono<String> value = new ScalarOnly<>("x");
        Mono<String> empty = new ScalarOnly<>(null);
        StepVerifier.create(Coro.mono(() -> await(value) + await(empty) + Coro.awaitFirst(value)))
                .expectNext("xnullx")
                .verifyComplete();
        assertThat(await(value)).isEqualTo("x");
    }

    @Test
    void scalarAwaitOnANonBlockingThreadReturnsWithoutTheGuard() {
        // Nothing waits on the fast path, so there is nothing to refuse.
        String value = Mono.fromCallable(() -> await(Mono.just("x")))
                .subscribeOn(Schedulers.parallel())
                .block(Duration.ofSeconds(5));
        assertThat(value).isEqualTo("x");
    }

    @Test
    void emptyPublisherMessagesNameTheVariantOnBothPaths() {
        Mono<Integer> scalar = Mono.empty();
        Flux<Integer> subscribed = Flux.<Integer>empty().delaySubscription(Duration.ofMillis(1));
        for (Publisher<Integer> none : List.of(scalar, subscribed)) {
            assertThatThrownBy(() -> Coro.awaitFirst(none))
                    .isInstanceOf(NoSuchElementException.class)
                    .hasMessageStartingWith("awaitFirst: the publisher completed without any element");
            assertThatThrownBy(() -> Coro.awaitLast(none))
                    .hasMessageStartingWith("awaitLast: the publisher completed without any element");
            assertThatThrownBy(() -> Coro.awaitSingle(none))
                    .hasMessageStartingWith("awaitSingle: the publisher completed without any element");
        }
        assertThatThrownBy(() -> Coro.awaitFirst(scalar)).hasMessageContaining("use awaitFirstOrNull");
    }

    @Test
    void nullSourcesAreRejectedNamingTheFix() {
        assertThatThrownBy(() -> await((Mono<String>) null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("return Mono.empty()");
        assertThatThrownBy(() -> await((CompletableFuture<String>) null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("CompletableFuture.completedFuture(null)");
    }

    @Test
    void awaitCarriesTheCoroutineContextUpstream() {
        Mono<String> needsContext = Mono.deferContextual(ctx -> Mono.just("tenant=" + ctx.get("tenant")))
                .delayElement(Duration.ofMillis(1));
        StepVerifier.create(Coro.mono(() -> await(needsContext)).contextWrite(Context.of("tenant", "acme")))
                .expectNext("tenant=acme")
                .verifyComplete();
    }

    @Test
    void awaitedErrorIsRethrownAsTheSameObjectWithTheAwaitCallSite() {
        IOException failure = new IOException("remote said no");
        AtomicReference<Throwable> caught = new AtomicReference<>();
        StepVerifier.create(Coro.mono(() -> {
                    try {
                        return await(Mono.<String>error(failure).delaySubscription(Duration.ofMillis(1)));
                    } catch (Exception e) { // the checked exception arrives undeclared
                        caught.set(e);
                        return "recovered";
                    }
                }))
                .expectNext("recovered")
                .verifyComplete();
        assertThat(caught.get()).isSameAs(failure);
        assertThat(failure.getSuppressed()).anySatisfy(s -> {
            assertThat(s).hasMessageStartingWith("Awaited in coroutine 'coro-mono-");
            assertThat(s.getStackTrace())
                    .anySatisfy(frame -> assertThat(frame.getMethodName())
                            .contains("awaitedErrorIsRethrownAsTheSameObjectWithTheAwaitCallSite"));
        });
    }

    @Test
    void scalarErrorIsRethrownAsTheSameObject() {
        IOException failure = new IOException("scalar");
        StepVerifier.create(Coro.mono(() -> await(Mono.error(failure))))
                .expectErrorSatisfies(e -> assertThat(e).isSameAs(failure))
                .verify();
    }

    @Test
    void awaitFirstRequestsOneAndCancels() {
        TestPublisher<Integer> source = TestPublisher.create();
        var result = Coro.mono(() -> Coro.awaitFirst(source)).toFuture();
        CoroMonoTest.waitUntil(source::wasSubscribed);
        source.assertMinRequested(1);
        source.assertMaxRequested(1);
        source.next(7);
        assertThat(result.join()).isEqualTo(7);
        source.assertCancelled();
    }

    @Test
    void awaitVariantsFollowKotlinSemantics() {
        Flux<Integer> three = Flux.just(1, 2, 3).delayElements(Duration.ofMillis(1));
        Flux<Integer> none = Flux.<Integer>empty().delaySubscription(Duration.ofMillis(1));
        StepVerifier.create(Coro.mono(() -> List.of(
                        Coro.awaitFirst(three),
                        Coro.awaitLast(three),
                        Coro.awaitSingle(Flux.just(9).delayElements(Duration.ofMillis(1))))))
                .expectNext(List.of(1, 3, 9))
                .verifyComplete();
        StepVerifier.create(Coro.mono(() -> Coro.awaitFirstOrNull(none))).verifyComplete();
        StepVerifier.create(Coro.mono(() -> Coro.awaitFirst(none))).verifyError(NoSuchElementException.class);
        StepVerifier.create(Coro.mono(() -> Coro.awaitLast(none))).verifyError(NoSuchElementException.class);
        StepVerifier.create(Coro.mono(() -> Coro.awaitSingle(none))).verifyError(NoSuchElementException.class);
        StepVerifier.create(Coro.mono(() -> Coro.awaitSingle(three)))
                .expectErrorSatisfies(e -> assertThat(e)
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("more than one"))
                .verify();
    }

    @Test
    void awaitSingleCancelsOnTheSecondElement() {
        TestPublisher<Integer> source = TestPublisher.create();
        var result = Coro.mono(() -> Coro.awaitSingle(source)).toFuture();
        CoroMonoTest.waitUntil(source::wasSubscribed);
        source.next(1, 2);
        source.assertCancelled();
        assertThat(result).failsWithin(Duration.ofSeconds(5));
    }

    @Test
    void awaitCompletionStage() {
        CompletableFuture<String> later = new CompletableFuture<>();
        var result = Coro.mono(() -> await(later) + await(CompletableFuture.completedFuture("!")))
                .toFuture();
        later.complete("done");
        assertThat(result.join()).isEqualTo("done!");

        IOException failure = new IOException("stage failed");
        StepVerifier.create(Coro.mono(() -> await(CompletableFuture.<String>failedFuture(failure))))
                .expectErrorSatisfies(e -> assertThat(e).isSameAs(failure))
                .verify();
        CompletableFuture<String> failsLater = new CompletableFuture<>();
        var failed = Coro.mono(() -> await(failsLater)).toFuture();
        failsLater.completeExceptionally(failure);
        assertThat(failed)
                .failsWithin(Duration.ofSeconds(5))
                .withThrowableThat()
                .havingCause()
                .isSameAs(failure);
    }

    @Test
    void awaitOnANonBlockingThreadOutsideACoroutineThrowsNamingThreadAndFix() {
        assertThat(thrownOnANonBlockingThread(() -> await(Mono.just(1).delayElement(Duration.ofMillis(1)))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("parallel-")
                .hasMessageContaining("Coro.mono");
    }

    @Test
    void awaitOnAnOrdinaryThreadBlocksLikeBlock() {
        assertThat(Thread.currentThread().isVirtual()).isFalse();
        assertThat(await(Mono.just("slow").delayElement(Duration.ofMillis(20)))).isEqualTo("slow");
        IOException failure = new IOException("blocking failure");
        assertThatThrownBy(() -> await(Mono.error(failure).delaySubscription(Duration.ofMillis(1))))
                .isSameAs(failure);
    }

    @Test
    void contextOutsideACoroutineIsAClearError() {
        assertThatThrownBy(Coro::context)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("outside a coroutine");
    }

    @Test
    void awaitAfterCancelThrowsWithoutSubscribing() {
        PublisherProbe<String> second = PublisherProbe.of(Mono.just("x").delayElement(Duration.ofMillis(1)));
        assertThat(awaitedInFinallyOfACancelledCoroutine(second.mono()))
                .isInstanceOf(java.util.concurrent.CancellationException.class);
        assertThat(second.wasSubscribed()).isFalse();
    }

    @Test
    void scalarAwaitAfterCancelStillReturnsItsValue() {
        assertThat(awaitedInFinallyOfACancelledCoroutine(Mono.just("v"))).isEqualTo("v");
    }

    /** Cancels a coroutine parked in an await; returns what {@code mono}'s await in its finally returned or threw. */
    private static @Nullable Object awaitedInFinallyOfACancelledCoroutine(Mono<?> mono) {
        CompletableFuture<@Nullable Object> fromFinally = new CompletableFuture<>();
        CountDownLatch started = new CountDownLatch(1);
        var disposable = Coro.mono(() -> {
                    try {
                        started.countDown();
                        return await(Mono.<String>never());
                    } finally {
                        try {
                            fromFinally.complete(await(mono));
                        } catch (Throwable t) {
                            fromFinally.complete(t);
                        }
                    }
                })
                .subscribe();
        awaitLatch(started);
        disposable.dispose();
        return fromFinally.orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join();
    }

    /** Runs {@code action} on a Reactor non-blocking thread ({@code parallel-}) and returns what it threw, or null. */
    static @Nullable Throwable thrownOnANonBlockingThread(Runnable action) {
        AtomicReference<@Nullable Throwable> error = new AtomicReference<>();
        Mono.fromRunnable(() -> {
                    try {
                        action.run();
                    } catch (Throwable t) {
                        error.set(t);
                    }
                })
                .subscribeOn(Schedulers.parallel())
                .block(Duration.ofSeconds(5));
        return error.get();
    }

    /** A scalar callable that fails any subscription: it passes only through await's fast path. */
    private static final class ScalarOnly<T> extends Mono<T> implements Fuseable.ScalarCallable<T> {
        private final @Nullable T value;

        ScalarOnly(@Nullable T value) {
            this.value = value;
        }

        @Override
        public @Nullable T call() {
            return value;
        }

        @Override
        public void subscribe(CoreSubscriber<? super T> actual) {
            throw new AssertionError("subscribed to a scalar callable: await skipped its fast path");
        }
    }
}
