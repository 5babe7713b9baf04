package dev.coro;

import static dev.coro.Coro.await;
import static dev.coro.CoroMonoTest.awaitLatch;
import static dev.coro.CoroMonoTest.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import reactor.test.publisher.PublisherProbe;
import reactor.util.context.Context;

class CoroFluxTest {

    @Test
    void yieldsInOrderAndCompletesWhenTheBodyReturns() {
        StepVerifier.create(Coro.flux(out -> {
                    for (int i = 1; i <= 5; i++) {
                        out.yield(i * i);
                    }
                }))
                .expectNext(1, 4, 9, 16, 25)
                .verifyComplete();
    }

    @Test
    void isColdAndStartsOnTheFirstRequest() {
        AtomicInteger runs = new AtomicInteger();
        Flux<Integer> flux = Coro.flux(out -> out.yield(runs.incrementAndGet()));
        StepVerifier.create(flux, 0)
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(50))
                .then(() -> assertThat(runs).hasValue(0))
                .thenRequest(1)
                .expectNext(1)
                .verifyComplete();
        StepVerifier.create(flux).expectNext(2).verifyComplete();
    }

    @Test
    void yieldEmitsOnTheGeneratorsOwnThreadAndParksWithoutDemand() {
        Trail trail = new Trail();
        List<Thread> onNextThreads = new ArrayList<>();
        Flux<Integer> flux = Coro.flux(out -> {
            for (int i = 1; i <= 3; i++) {
                trail.add("yield " + i);
                out.yield(i);
                trail.add("yield " + i + " returned");
            }
        });
        StepVerifier.create(flux.doOnNext(v -> onNextThreads.add(Thread.currentThread())), 0)
                .thenRequest(1)
                .expectNext(1)
                .expectNoEvent(Duration.ofMillis(50))
                .then(() -> trail.add("subscriber: request 2"))
                .thenRequest(2)
                .expectNext(2, 3)
                .verifyComplete();
        trail.assertSteps(
                "yield 1",
                "yield 1 returned",
                "yield 2", // parked here: no demand until the subscriber requests again
                "subscriber: request 2",
                "yield 2 returned",
                "yield 3",
                "yield 3 returned");
        assertThat(onNextThreads).allSatisfy(t -> {
            assertThat(t.isVirtual()).isTrue();
            assertThat(t.getName()).startsWith("coro-flux-");
        });
    }

    @Test
    void neverRunsAheadOfDemand() {
        AtomicInteger produced = new AtomicInteger();
        Flux<Integer> flux = Coro.flux(out -> {
            for (int i = 0; i < 1_000; i++) {
                produced.incrementAndGet();
                out.yield(i);
            }
        });
        StepVerifier.create(flux, 10)
                .expectNextCount(10)
                .expectNoEvent(Duration.ofMillis(50))
                .then(() -> assertThat(produced).hasValue(11)) // the 11th is parked inside yield
                .thenCancel()
                .verify();
    }

    @Test
    void yieldNullFailsTheFluxWithNullPointerException() {
        StepVerifier.create(Coro.flux(out -> {
                    out.yield("a");
                    out.yield(null);
                    out.yield("never");
                }))
                .expectNext("a")
                .expectErrorSatisfies(e ->
                        assertThat(e).isInstanceOf(NullPointerException.class).hasMessageContaining("2.13"))
                .verify();
    }

    @Test
    void yieldNullFailsTheFluxEvenWhenTheBodyCatchesIt() {
        AtomicReference<Throwable> secondYield = new AtomicReference<>();
        StepVerifier.create(Coro.<String>flux(out -> {
                    try {
                        out.yield(null);
                    } catch (NullPointerException ignored) {
                        // a careless body goes on
                    }
                    try {
                        out.yield("after");
                    } catch (CancellationException e) {
                        secondYield.set(e);
                    }
                }))
                .verifyError(NullPointerException.class);
        assertThat(secondYield.get()).isInstanceOf(CancellationException.class);
    }

    @Test
    void bodyErrorsAndCheckedExceptionsArriveAsOnError() {
        IOException failure = new IOException("read failed");
        StepVerifier.create(Coro.flux(out -> {
                    out.yield(1);
                    throw failure;
                }))
                .expectNext(1)
                .expectErrorSatisfies(e -> assertThat(e).isSameAs(failure))
                .verify();
    }

    @Test
    void cancelStopsTheGeneratorRunsFinallyAndEmitsNothingAfter() {
        Trail trail = new Trail();
        CountDownLatch finished = new CountDownLatch(1);
        Flux<Integer> flux = Coro.flux(out -> {
            try {
                for (int i = 0; ; i++) {
                    out.yield(i);
                }
            } catch (CancellationException e) {
                trail.add("generator: cancelled");
                throw e;
            } finally {
                trail.add("generator: finally");
                finished.countDown();
            }
        });
        StepVerifier.create(flux.take(3)).expectNext(0, 1, 2).verifyComplete();
        awaitLatch(finished);
        trail.assertSteps("generator: cancelled", "generator: finally");
    }

    /**
     * A raw subscriber (no operator filtering late signals) cancels from another thread while the generator emits flat
     * out; the body catches the cancel and then returns or fails. Neither ending may reach the subscriber, nor may an
     * element after the body saw the cancel; one element in flight while cancel() runs is allowed (§1.8).
     */
    @Tag("stress")
    @RepeatedTest(30)
    void noSignalReachesARawSubscriberAfterCancel(RepetitionInfo repetition) throws Exception {
        boolean endWithError = repetition.getCurrentRepetition() % 2 == 0;
        IOException late = new IOException("failed after the cancel");
        List<Throwable> dropped = new CopyOnWriteArrayList<>();
        Hooks.onErrorDropped(dropped::add);
        try {
            AtomicInteger received = new AtomicInteger();
            AtomicInteger receivedAfterCancel = new AtomicInteger();
            AtomicBoolean cancelReturned = new AtomicBoolean();
            AtomicInteger receivedWhenBodySawCancel = new AtomicInteger(-1);
            List<String> terminals = new CopyOnWriteArrayList<>();
            AtomicReference<Subscription> subscription = new AtomicReference<>();
            CompletableFuture<Thread> generatorThread = new CompletableFuture<>();
            Coro.<Integer>flux(out -> {
                        generatorThread.complete(Thread.currentThread());
                        try {
                            for (int i = 0; ; i++) {
                                out.yield(i);
                            }
                        } catch (CancellationException e) {
                            // onNext runs on this thread: this count is exact.
                            receivedWhenBodySawCancel.set(received.get());
                            if (endWithError) {
                                throw late;
                            }
                        }
                    })
                    .subscribe(new CoreSubscriber<Integer>() {
                        @Override
                        public void onSubscribe(Subscription s) {
                            subscription.set(s);
                            s.request(Long.MAX_VALUE);
                        }

                        @Override
                        public void onNext(Integer value) {
                            received.incrementAndGet();
                            if (cancelReturned.get()) {
                                receivedAfterCancel.incrementAndGet();
                            }
                        }

                        @Override
                        public void onError(Throwable t) {
                            terminals.add("onError(" + t + ")");
                        }

                        @Override
                        public void onComplete() {
                            terminals.add("onComplete");
                        }
                    });
            waitUntil(() -> received.get() >= 100);
            subscription.get().cancel();
            cancelReturned.set(true);
            // Once the thread has ended, the coroutine has delivered (or dropped) the body's outcome.
            Thread thread = generatorThread.get(10, TimeUnit.SECONDS);
            assertThat(thread.join(Duration.ofSeconds(10))).isTrue();
            assertThat(terminals).isEmpty();
            assertThat(received).hasValue(receivedWhenBodySawCancel.get());
            assertThat(receivedAfterCancel.get()).isLessThanOrEqualTo(1);
            if (endWithError) {
                assertThat(dropped).containsExactly(late);
            }
        } finally {
            Hooks.resetOnErrorDropped();
        }
    }

    @Test
    void errorsThrownByTheBodyAreNotSwallowed() {
        AssertionError error = new AssertionError("broken invariant");
        StepVerifier.create(Coro.flux(out -> {
                    out.yield(1);
                    throw error;
                }))
                .expectNext(1)
                .expectErrorSatisfies(e -> assertThat(e).isSameAs(error))
                .verify();
    }

    @Test
    void cancelInterruptsBlockingCodeInTheBody() {
        Trail trail = new Trail();
        CountDownLatch sleeping = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        var disposable = Coro.flux(out -> {
                    out.yield(1);
                    try {
                        sleeping.countDown();
                        Thread.sleep(60_000);
                        trail.add("generator: slept on");
                    } catch (InterruptedException e) {
                        trail.add("generator: interrupted");
                    } finally {
                        trail.add("generator: finally");
                        finished.countDown();
                    }
                })
                .subscribe();
        awaitLatch(sleeping);
        disposable.dispose();
        awaitLatch(finished);
        trail.assertSteps("generator: interrupted", "generator: finally");
    }

    @Test
    void cancelWhileAwaitingCancelsTheAwaitedSubscription() {
        PublisherProbe<Integer> awaited = PublisherProbe.of(Mono.never());
        CountDownLatch finished = new CountDownLatch(1);
        Flux<Integer> flux = Coro.flux(out -> {
            try {
                out.yield(1);
                out.yield(await(awaited.mono()));
            } finally {
                finished.countDown();
            }
        });
        StepVerifier.create(flux)
                .expectNext(1)
                .then(() -> waitUntil(awaited::wasSubscribed))
                .thenCancel()
                .verify();
        awaitLatch(finished);
        awaited.assertWasCancelled();
    }

    @Test
    void requestZeroSignalsIllegalArgumentExceptionCitingTheRule() throws Exception {
        CompletableFuture<Throwable> error = new CompletableFuture<>();
        AtomicReference<Subscription> subscription = new AtomicReference<>();
        AtomicInteger received = new AtomicInteger();
        Coro.<Integer>flux(out -> {
                    for (int i = 0; ; i++) {
                        out.yield(i);
                    }
                })
                .subscribe(new CoreSubscriber<Integer>() {
                    @Override
                    public void onSubscribe(Subscription s) {
                        subscription.set(s);
                        s.request(2);
                    }

                    @Override
                    public void onNext(Integer integer) {
                        received.incrementAndGet();
                    }

                    @Override
                    public void onError(Throwable t) {
                        error.complete(t);
                    }

                    @Override
                    public void onComplete() {
                        error.complete(null);
                    }
                });
        waitUntil(() -> received.get() == 2);
        subscription.get().request(-1);
        assertThat(error.get(10, TimeUnit.SECONDS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3.9");
    }

    @Test
    void contextIsTheSubscribersAndFlowsIntoAwaits() {
        Flux<String> flux = Coro.flux(out -> {
            out.yield(Coro.context().get("k"));
            out.yield(await(Mono.deferContextual(ctx -> Mono.just(ctx.<String>get("k") + "!"))
                    .delayElement(Duration.ofMillis(1))));
        });
        StepVerifier.create(flux.contextWrite(Context.of("k", "v")))
                .expectNext("v", "v!")
                .verifyComplete();
    }

    @Test
    void yieldFromAnotherThreadIsRejected() {
        AtomicReference<Throwable> error = new AtomicReference<>();
        StepVerifier.create(Coro.<String>flux(out -> {
                    Thread t = new Thread(() -> {
                        try {
                            out.yield("from elsewhere");
                        } catch (Throwable e) {
                            error.set(e);
                        }
                    });
                    t.start();
                    t.join();
                    out.yield("own");
                }))
                .expectNext("own")
                .verifyComplete();
        assertThat(error.get())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not the generator's own coroutine");
    }

    /** Demand arrives from another thread while the generator parks and resumes: no element lost or duplicated. */
    @Tag("stress")
    @RepeatedTest(20)
    void demandFromAnotherThreadRacesWithParking() {
        int n = 20_000;
        Flux<Integer> flux = Coro.flux(out -> {
            for (int i = 0; i < n; i++) {
                out.yield(i);
            }
        });
        List<Integer> seen =
                flux.publishOn(Schedulers.parallel(), 16).collectList().block(Duration.ofSeconds(30));
        assertThat(seen).hasSize(n);
        for (int i = 0; i < n; i++) {
            assertThat(seen.get(i)).isEqualTo(i);
        }
    }
}
