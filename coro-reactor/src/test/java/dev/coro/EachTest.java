package dev.coro;

import static dev.coro.CoroMonoTest.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.publisher.PublisherProbe;
import reactor.test.publisher.TestPublisher;
import reactor.util.context.Context;

class EachTest {

    @Test
    void iteratesEveryElementWithBoundedPrefetch() {
        List<Long> requests = new ArrayList<>();
        Flux<Integer> source = Flux.range(0, 1_000).doOnRequest(requests::add);
        StepVerifier.create(Coro.mono(() -> {
                    long sum = 0;
                    for (int i : Coro.each(source, 16)) {
                        sum += i;
                    }
                    return sum;
                }))
                .expectNext(499_500L)
                .verifyComplete();
        assertThat(requests).first().isEqualTo(16L);
        assertThat(requests).allSatisfy(r -> assertThat(r).isLessThanOrEqualTo(16L));
    }

    @Test
    void breakingOutOfTryWithResourcesCancelsTheUpstream() {
        TestPublisher<Integer> source = TestPublisher.create();
        var result = Coro.mono(() -> {
                    try (var items = Coro.each(source, 4)) {
                        for (int i : items) {
                            if (i == 2) {
                                break;
                            }
                        }
                    }
                    return "left";
                })
                .toFuture();
        waitUntil(source::wasSubscribed);
        source.assertMaxRequested(4);
        source.next(1, 2);
        assertThat(result.join()).isEqualTo("left");
        source.assertCancelled();
    }

    @Test
    void theCoroutinesEndCancelsAnUnclosedIteration() {
        TestPublisher<Integer> source = TestPublisher.create();
        var result = Coro.mono(() -> {
                    for (int i : Coro.each(source, 4)) {
                        return i;
                    }
                    return -1;
                })
                .toFuture();
        waitUntil(source::wasSubscribed);
        source.next(7);
        assertThat(result.join()).isEqualTo(7);
        source.assertCancelled();
    }

    @Test
    void upstreamErrorIsThrownFromTheLoopAsTheSameObject() {
        IOException failure = new IOException("stream broke");
        AtomicReference<Throwable> caught = new AtomicReference<>();
        List<Integer> seen = new ArrayList<>();
        StepVerifier.create(Coro.mono(() -> {
                    try {
                        for (int i : Coro.each(Flux.just(1, 2).concatWith(Mono.error(failure)), 8)) {
                            seen.add(i);
                        }
                    } catch (Exception e) {
                        caught.set(e);
                    }
                    return seen.size();
                }))
                .expectNext(2)
                .verifyComplete();
        assertThat(caught.get()).isSameAs(failure);
    }

    @Test
    void subscribesWithTheCoroutineContextAndParksUntilElementsArrive() {
        Flux<String> source = Flux.deferContextual(ctx -> Flux.just(ctx.<String>get("k"), "b"))
                .delayElements(Duration.ofMillis(5));
        StepVerifier.create(Coro.mono(() -> {
                            StringBuilder sb = new StringBuilder();
                            for (String s : Coro.each(source, 1)) {
                                sb.append(s);
                            }
                            return sb.toString();
                        })
                        .contextWrite(Context.of("k", "a")))
                .expectNext("ab")
                .verifyComplete();
    }

    @Test
    void badInputIsRejected() {
        assertThatThrownBy(() -> Coro.each(Flux.just(1), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("prefetch must be at least 1");
        var once = Coro.each(Flux.just(1), 1);
        once.iterator();
        assertThatThrownBy(once::iterator)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("only once");
        once.close();
    }

    @Test
    void eachOnANonBlockingThreadOutsideACoroutineThrowsNamingThreadAndFix() {
        PublisherProbe<Integer> source = PublisherProbe.of(Flux.never());
        Throwable error = AwaitTest.thrownOnANonBlockingThread(() -> {
            try (var items = Coro.each(source.flux(), 1)) {
                items.iterator();
            }
        });
        assertThat(error)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Coro.each called outside a coroutine")
                .hasMessageContaining("parallel-")
                .hasMessageContaining("Coro.mono");
        assertThat(source.wasSubscribed()).isFalse();
    }

    @Test
    void eachOnAnOrdinaryThreadBlocksLikeBlock() {
        List<Integer> seen = new ArrayList<>();
        try (var items = Coro.each(Flux.just(1, 2, 3).delayElements(Duration.ofMillis(1)), 2)) {
            for (int i : items) {
                seen.add(i);
            }
        }
        assertThat(seen).containsExactly(1, 2, 3);
    }

    @Test
    void aLoopGoingOnAfterCloseEndsInsteadOfParking() {
        StepVerifier.create(Coro.mono(() -> {
                    var items = Coro.each(Flux.<Integer>never(), 4);
                    var iterator = items.iterator();
                    items.close();
                    return iterator.hasNext();
                }))
                .expectNext(false)
                .expectComplete()
                .verify(Duration.ofSeconds(5));
    }

    /** A closed loop unregisters from the coroutine's end: a long-lived coroutine looping forever retains nothing. */
    @Test
    void closedLoopsLeaveNothingRetainedByTheCoroutine() {
        int loops = 10_000;
        List<WeakReference<Object>> closed = new ArrayList<>(loops);
        StepVerifier.create(Coro.mono(() -> {
                    long sum = 0;
                    for (int n = 0; n < loops; n++) {
                        try (var items = Coro.each(Flux.range(0, 3), 4)) {
                            closed.add(new WeakReference<>(items));
                            for (int i : items) {
                                sum += i;
                            }
                        }
                    }
                    // Still inside the coroutine: whatever it registered for its end is reachable from it now.
                    return sum == 3L * loops ? retained(closed) : -1L;
                }))
                .expectNext(0L) // loops still reachable after they were closed
                .verifyComplete();
    }

    /** How many of {@code refs} are still reachable after full collections for up to 10 seconds. */
    private static long retained(List<WeakReference<Object>> refs) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            System.gc();
            long retained = refs.stream().filter(r -> r.get() != null).count();
            if (retained == 0 || System.nanoTime() > deadline) {
                return retained;
            }
            Thread.sleep(20);
        }
    }

    /**
     * Issue 9, defect 2: a cancelled coroutine looping over a fast source used to go on iterating buffered elements
     * (and requesting more, tens of millions of them) with the upstream never cancelled: hasNext/next never looked at
     * the coroutine. Now the first hasNext after the cancel throws CancellationException and cancels the upstream.
     */
    @Test
    void aCancelledLoopStopsAtTheNextElementEvenWithElementsBufferedAndCancelsTheUpstream() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean upstreamCancelled = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicLong afterCancel = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicBoolean disposed = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.CountDownLatch atTen = new java.util.concurrent.CountDownLatch(1);
        AtomicReference<Throwable> ended = new AtomicReference<>();
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        Flux<Integer> fast = Flux.range(0, Integer.MAX_VALUE).doOnCancel(() -> upstreamCancelled.set(true));
        reactor.core.Disposable subscription = Coro.mono(() -> {
                    try {
                        for (int i : Coro.each(fast, 256)) {
                            if (disposed.get()) {
                                afterCancel.incrementAndGet();
                            }
                            if (i == 10) {
                                atTen.countDown();
                                // Running code, not a wait: the cancel lands while 245 elements are buffered.
                                while (!disposed.get()) {
                                    Thread.onSpinWait();
                                }
                            }
                            if (afterCancel.get() > 10_000_000) {
                                return "never stopped";
                            }
                        }
                        return "ran out";
                    } catch (Throwable t) {
                        ended.set(t);
                        throw t;
                    } finally {
                        done.countDown();
                    }
                })
                .subscribe();
        assertThat(atTen.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        subscription.dispose();
        disposed.set(true);
        assertThat(done.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(ended.get()).isInstanceOf(java.util.concurrent.CancellationException.class);
        assertThat(afterCancel.get()).as("elements taken after the cancel").isZero();
        assertThat(upstreamCancelled).isTrue();
    }
}
