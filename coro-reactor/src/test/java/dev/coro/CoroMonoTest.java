package dev.coro;

import static dev.coro.Coro.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.publisher.PublisherProbe;
import reactor.util.context.Context;

class CoroMonoTest {

    @Test
    void emitsTheBodysValue() {
        StepVerifier.create(Coro.mono(() -> "hello")).expectNext("hello").verifyComplete();
    }

    @Test
    void nullCompletesEmpty() {
        StepVerifier.create(Coro.mono(() -> null)).verifyComplete();
    }

    @Test
    void isColdAndStartsTheBodyAtSubscribeTimeOncePerSubscription() throws InterruptedException {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch ran = new CountDownLatch(1);
        Mono<Integer> mono = Coro.mono(() -> {
            ran.countDown();
            return runs.incrementAndGet();
        });
        assertThat(runs).hasValue(0);
        // Subscribed without requesting: the body runs anyway, its value waits for demand.
        StepVerifier.create(mono, 0)
                .then(() -> awaitLatch(ran))
                .expectNoEvent(Duration.ofMillis(50))
                .thenRequest(1)
                .expectNext(1)
                .verifyComplete();
        StepVerifier.create(mono).expectNext(2).verifyComplete();
    }

    @Test
    void bodyRunsOnANamedVirtualThread() {
        StepVerifier.create(Coro.mono(() -> Thread.currentThread()))
                .assertNext(t -> {
                    assertThat(t.isVirtual()).isTrue();
                    assertThat(t.getName()).startsWith("coro-mono-");
                })
                .verifyComplete();
        StepVerifier.create(Coro.mono("load-order", () -> Thread.currentThread().getName()))
                .expectNext("load-order")
                .verifyComplete();
    }

    @Test
    void checkedExceptionArrivesAsOnErrorAsTheSameObject() {
        IOException failure = new IOException("disk on fire");
        StepVerifier.create(Coro.mono(() -> {
                    throw failure;
                }))
                .expectErrorSatisfies(e -> assertThat(e).isSameAs(failure))
                .verify();
    }

    @Test
    void errorsAreNotSwallowed() {
        AssertionError error = new AssertionError("broken invariant");
        StepVerifier.create(Coro.mono(() -> {
                    throw error;
                }))
                .expectErrorSatisfies(e -> assertThat(e).isSameAs(error))
                .verify();
    }

    @Test
    void subscriberContextIsTheCoroutinesContext() {
        Mono<String> mono = Coro.mono(() -> Coro.context().get("user"));
        StepVerifier.create(mono.contextWrite(Context.of("user", "ada")))
                .expectNext("ada")
                .verifyComplete();
    }

    @Test
    void cancelCancelsTheAwaitInterruptsAndRunsFinallyWithNothingEmittedAfter() throws InterruptedException {
        Trail trail = new Trail();
        PublisherProbe<String> awaited = PublisherProbe.of(Mono.never());
        CountDownLatch suspended = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        AtomicReference<Throwable> seen = new AtomicReference<>();
        Mono<String> mono = Coro.mono(() -> {
            try {
                trail.add("body: awaiting");
                suspended.countDown();
                return await(awaited.mono());
            } catch (CancellationException e) {
                seen.set(e);
                trail.add("body: cancelled");
                throw e;
            } finally {
                trail.add("body: finally");
                finished.countDown();
            }
        });
        AtomicBoolean signalled = new AtomicBoolean();
        var disposable = mono.subscribe(v -> signalled.set(true), e -> signalled.set(true), () -> signalled.set(true));
        awaitLatch(suspended);
        waitUntil(awaited::wasSubscribed);
        trail.add("subscriber: cancel");
        disposable.dispose();
        awaitLatch(finished);
        awaited.assertWasCancelled();
        assertThat(seen.get()).isInstanceOf(CancellationException.class);
        trail.assertSteps("body: awaiting", "subscriber: cancel", "body: cancelled", "body: finally");
        Thread.sleep(20);
        assertThat(signalled).isFalse();
    }

    @Test
    void cancelInterruptsBlockingCode() throws InterruptedException {
        CountDownLatch sleeping = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        var disposable = Coro.mono(() -> {
                    sleeping.countDown();
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException e) {
                        interrupted.countDown();
                    }
                    return "late";
                })
                .subscribe();
        awaitLatch(sleeping);
        disposable.dispose();
        awaitLatch(interrupted);
    }

    /** The cancel's interrupt is absorbed where the CancellationException is thrown, never later in clean-up. */
    @Tag("stress")
    @Test
    void cleanUpAfterACancelledAwaitIsNotInterruptedLater() throws InterruptedException {
        int rounds = System.getenv("CI") != null ? 100 : 300;
        for (int i = 0; i < rounds; i++) {
            CountDownLatch suspended = new CountDownLatch(1);
            CountDownLatch cleanedUp = new CountDownLatch(1);
            AtomicReference<Throwable> cleanUpFailure = new AtomicReference<>();
            var disposable = Coro.mono(() -> {
                        try {
                            suspended.countDown();
                            return await(Mono.never());
                        } finally {
                            try {
                                Thread.sleep(1);
                            } catch (InterruptedException e) {
                                cleanUpFailure.set(e);
                            }
                            cleanedUp.countDown();
                        }
                    })
                    .subscribe();
            awaitLatch(suspended);
            disposable.dispose();
            awaitLatch(cleanedUp);
            assertThat(cleanUpFailure.get()).as("round %d", i).isNull();
        }
    }

    @Test
    void failureAfterCancelGoesToTheDroppedHook() throws InterruptedException {
        AtomicReference<Throwable> dropped = new AtomicReference<>();
        CountDownLatch droppedLatch = new CountDownLatch(1);
        Hooks.onErrorDropped(e -> {
            dropped.set(e);
            droppedLatch.countDown();
        });
        try {
            CountDownLatch started = new CountDownLatch(1);
            IllegalStateException late = new IllegalStateException("failed while cleaning up");
            var disposable = Coro.mono(() -> {
                        started.countDown();
                        try {
                            return await(Mono.never());
                        } finally {
                            throw late;
                        }
                    })
                    .subscribe();
            awaitLatch(started);
            disposable.dispose();
            awaitLatch(droppedLatch);
            assertThat(dropped.get()).isSameAs(late);
        } finally {
            Hooks.resetOnErrorDropped();
        }
    }

    @Test
    void requestZeroSignalsIllegalArgumentExceptionCitingTheRuleAndCancelsTheBody() throws Exception {
        PublisherProbe<String> awaited = PublisherProbe.of(Mono.never());
        CompletableFuture<Throwable> error = new CompletableFuture<>();
        AtomicReference<Subscription> subscription = new AtomicReference<>();
        Coro.mono(() -> await(awaited.mono())).subscribe(new CoreSubscriber<String>() {
            @Override
            public void onSubscribe(Subscription s) {
                subscription.set(s);
            }

            @Override
            public void onNext(String s) {}

            @Override
            public void onError(Throwable t) {
                error.complete(t);
            }

            @Override
            public void onComplete() {}
        });
        waitUntil(awaited::wasSubscribed);
        subscription.get().request(0);
        assertThat(error.get(10, TimeUnit.SECONDS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3.9");
        waitUntil(awaited::wasCancelled);
    }

    @Tag("stress")
    @Test
    void valueRacingWithRequestIsEmittedExactlyOnce() {
        for (int i = 0; i < 2_000; i++) {
            StepVerifier.create(Coro.mono(() -> "v"), 0)
                    .thenRequest(1)
                    .expectNext("v")
                    .verifyComplete();
        }
    }

    @Test
    void nullBodyIsRejectedWithAClearMessage() {
        assertThatThrownBy(() -> Coro.mono(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("Coro.mono needs a body");
    }

    static void awaitLatch(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).as("latch released").isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    static void waitUntil(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.onSpinWait();
        }
    }
}
