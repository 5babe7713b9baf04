package dev.coro;

import static dev.coro.Coro.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.publisher.PublisherProbe;
import reactor.util.context.Context;
import reactor.util.function.Tuple2;

class ScopeTest {

    @Test
    void forksRunConcurrentlyAndTheScopeReturnsWhatTheBodyComputes() {
        Trail trail = new Trail();
        Sinks.One<String> a = Sinks.one();
        Sinks.One<String> b = Sinks.one();
        // The forks start on threads of their own: b goes on once a is awaiting, so the trail's order is decided.
        CountDownLatch aAwaiting = new CountDownLatch(1);
        String result = Coro.mono(() -> Coro.scope(scope -> {
                    Fork<String> fa = scope.fork(() -> {
                        trail.add("a: awaiting");
                        aAwaiting.countDown();
                        String v = await(a.asMono());
                        trail.add("a: got " + v);
                        return v;
                    });
                    Fork<String> fb = scope.fork(() -> {
                        aAwaiting.await();
                        trail.add("b: awaiting");
                        b.tryEmitValue("B"); // b completes while a is still suspended
                        String v = await(b.asMono());
                        trail.add("b: got " + v);
                        return v;
                    });
                    String vb = fb.join();
                    trail.add("body: joined b");
                    a.tryEmitValue("A");
                    return fa.join() + vb;
                }))
                .block(Duration.ofSeconds(5));
        assertThat(result).isEqualTo("AB");
        List<String> events = trail.steps();
        assertThat(events).containsSubsequence("b: awaiting", "b: got B", "body: joined b", "a: got A");
        assertThat(events).containsSubsequence("a: awaiting", "body: joined b", "a: got A");
    }

    @Test
    void forksInheritTheContextOfTheScopeCoroutine() {
        String seen = Coro.mono(() -> Coro.scope(scope -> {
                    Fork<String> f = scope.fork(() -> Coro.context().get("user"));
                    return f.join();
                }))
                .contextWrite(Context.of("user", "alice"))
                .block(Duration.ofSeconds(5));
        assertThat(seen).isEqualTo("alice");
    }

    @Test
    void theFirstFailureCancelsTheSiblingsAndIsRethrownOnceTheyEnded() {
        Trail trail = new Trail();
        IOException failure = new IOException("backend down");
        PublisherProbe<Object> slow = PublisherProbe.of(Mono.never());
        Mono<String> mono = Coro.mono(() -> {
            try {
                return Coro.scope(scope -> {
                    Fork<Object> sibling = scope.fork(() -> {
                        try {
                            return await(slow.mono());
                        } finally {
                            trail.add("sibling: finally");
                        }
                    });
                    scope.fork(() -> {
                        while (!slow.wasSubscribed()) Thread.sleep(1);
                        trail.add("failing: throw");
                        throw failure;
                    });
                    sibling.join();
                    trail.add("body: must not get here");
                    return "unreachable";
                });
            } catch (Exception e) { // the scope rethrows the fork's checked exception undeclared, as await does
                trail.add("caller: caught " + e.getMessage());
                throw e;
            }
        });
        assertThatThrownBy(() -> mono.block(Duration.ofSeconds(5))).hasCause(failure);
        slow.assertWasCancelled();
        assertThat(trail.steps()).containsExactly("failing: throw", "sibling: finally", "caller: caught backend down");
    }

    @Test
    void aForksFailureCancelsWhatTheBodyAwaitsAndTheCoroutineGoesOn() {
        Trail trail = new Trail();
        IllegalStateException failure = new IllegalStateException("fork failed");
        PublisherProbe<Object> awaited = PublisherProbe.of(Mono.never());
        long start = System.nanoTime();
        String r = Coro.mono(() -> {
                    try {
                        Coro.scope(scope -> {
                            scope.fork(() -> {
                                while (!awaited.wasSubscribed()) Thread.sleep(1);
                                trail.add("fork: throw");
                                throw failure;
                            });
                            trail.add("body: await");
                            try {
                                return await(awaited.mono());
                            } catch (CancellationException e) {
                                trail.add("body: await cancelled");
                                throw e;
                            }
                        });
                        trail.add("caller: scope returned (wrong)");
                    } catch (IllegalStateException e) {
                        assertThat(e).isSameAs(failure);
                        assertThat(e.getSuppressed()).hasAtLeastOneElementOfType(CancellationException.class);
                        trail.add("caller: caught " + e.getMessage());
                    }
                    // Only the scope failed: the coroutine is not cancelled and no interrupt is left over.
                    assertThat(Thread.currentThread().isInterrupted()).isFalse();
                    return await(Mono.delay(Duration.ofMillis(5)).thenReturn("caller: went on"));
                })
                .block(Duration.ofSeconds(5));
        trail.add(r);
        awaited.assertWasCancelled();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        trail.assertSteps(
                "body: await", "fork: throw", "body: await cancelled", "caller: caught fork failed", "caller: went on");
    }

    @Tag("stress")
    @Test
    void cancellingTheParentCancelsEveryForkBeforeTheScopeReturns() throws Exception {
        Trail trail = new Trail();
        CountDownLatch bothWaiting = new CountDownLatch(2);
        CountDownLatch parentDone = new CountDownLatch(1);
        Disposable parent = Coro.mono(() -> {
                    try {
                        return Coro.scope(scope -> {
                            for (String name : List.of("a", "b")) {
                                scope.fork(() -> {
                                    try {
                                        bothWaiting.countDown();
                                        return await(Mono.never());
                                    } catch (CancellationException e) {
                                        // Slow clean-up, which the scope must wait for. Not Thread.sleep: the
                                        // cancel's interrupt may land after the CancellationException was thrown.
                                        long end = System.nanoTime() + 20_000_000L;
                                        while (System.nanoTime() < end) Thread.onSpinWait();
                                        trail.add(name + ": cancelled");
                                        throw e;
                                    }
                                });
                            }
                            return "never";
                        });
                    } finally {
                        trail.add("parent: scope left");
                        parentDone.countDown();
                    }
                })
                .subscribe();
        assertThat(bothWaiting.await(5, TimeUnit.SECONDS)).isTrue();
        parent.dispose();
        assertThat(parentDone.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(trail.steps()).hasSize(3).last().isEqualTo("parent: scope left");
        assertThat(trail.steps()).contains("a: cancelled", "b: cancelled");
    }

    @Test
    void theScopeWaitsForForksTheBodyDidNotJoin() {
        Trail trail = new Trail();
        String result = Coro.scope(scope -> {
            scope.fork(() -> {
                await(Mono.delay(Duration.ofMillis(50)));
                trail.add("fork: done");
                return null;
            });
            trail.add("body: returns");
            return "ok";
        });
        trail.add("caller: scope returned " + result);
        assertThat(trail.steps()).containsExactly("body: returns", "fork: done", "caller: scope returned ok");
    }

    @Test
    void aBodyThatThrowsCancelsItsForksAndTheScopeRethrows() {
        Trail trail = new Trail();
        IllegalArgumentException bad = new IllegalArgumentException("bad input");
        CountDownLatch forkRunning = new CountDownLatch(1);
        assertThatThrownBy(() -> Coro.scope(scope -> {
                    scope.fork(() -> {
                        try {
                            forkRunning.countDown();
                            return await(Mono.never());
                        } finally {
                            trail.add("fork: finally");
                        }
                    });
                    // A fork cancelled before its body starts never runs it (nor its finally): wait for it to run.
                    forkRunning.await();
                    throw bad;
                }))
                .isSameAs(bad);
        assertThat(trail.steps()).containsExactly("fork: finally");
    }

    @Test
    void forkAfterTheScopeEndedIsRefused() {
        AtomicReference<CoroScope> leaked = new AtomicReference<>();
        Coro.scope(scope -> {
            leaked.set(scope);
            return null;
        });
        assertThatThrownBy(() -> leaked.get().fork(() -> 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("after the scope ended");
    }

    @Test
    void aCancelledForkIsNotAFailureOfTheScope() {
        String result = Coro.scope(scope -> {
            Fork<Object> slow = scope.fork(() -> await(Mono.never()));
            Fork<String> fast = scope.fork(() -> "fast");
            slow.cancel();
            assertThatThrownBy(slow::join).isInstanceOf(CancellationException.class);
            return fast.join();
        });
        assertThat(result).isEqualTo("fast");
    }

    @Test
    void awaitAllReturnsATypedTupleAndAListInOrder() {
        Tuple2<String, Integer> both = Coro.mono(
                        () -> Coro.awaitAll(Mono.delay(Duration.ofMillis(30)).thenReturn("slow"), Mono.just(7)))
                .block(Duration.ofSeconds(5));
        assertThat(both.getT1()).isEqualTo("slow");
        assertThat(both.getT2()).isEqualTo(7);
        var three = Coro.awaitAll(Mono.just(1), Mono.just("two"), Mono.just(3.0));
        assertThat(three.getT3()).isEqualTo(3.0);
        List<Integer> list =
                Coro.awaitAll(List.of(Mono.delay(Duration.ofMillis(30)).thenReturn(1), Mono.just(2), Mono.just(3)));
        assertThat(list).containsExactly(1, 2, 3);
        assertThat(Coro.awaitAll(List.<Mono<Integer>>of())).isEmpty();
    }

    @Test
    void awaitAllCancelsTheOthersOnTheFirstFailureAndNamesAnEmptyMono() {
        PublisherProbe<String> other = PublisherProbe.of(Mono.never());
        IllegalStateException failure = new IllegalStateException("down");
        assertThatThrownBy(() -> Coro.awaitAll(other.mono(), Mono.error(failure)))
                .isSameAs(failure);
        other.assertWasCancelled();
        assertThatThrownBy(() -> Coro.awaitAll(List.of(Mono.just(1), Mono.<Integer>empty())))
                .isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("Mono #2 completed empty");
    }

    @Test
    void forksAndGeneratorsRunInTheOpenersSlotOfABoundedScheduler() {
        CoroScheduler one =
                CoroScheduler.builder().namePrefix("bounded-").maxConcurrency(1).build();
        String result = Coro.mono(() -> {
                    String forked = Coro.scope(scope -> {
                        Fork<String> a = scope.fork(() -> "a");
                        Fork<String> b = scope.fork(() -> "b");
                        return a.join() + b.join();
                    });
                    try (Generator<Object, String> gen = Coro.generator(y -> y.yield("g"))) {
                        return forked + gen.send(null);
                    }
                })
                .contextWrite(Context.of(CoroScheduler.CONTEXT_KEY, one))
                .block(Duration.ofSeconds(5));
        assertThat(result).isEqualTo("abg");
    }
}
