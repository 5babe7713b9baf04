package dev.coro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

class GeneratorTest {

    @Test
    void callerAndBodyTakeTurnsAtEachYield() {
        Trail trail = new Trail();
        Generator<Integer, String> gen = Coro.generator(y -> {
            trail.add("body: started");
            Integer n = y.yield("ready");
            trail.add("body: got " + n);
            n = y.yield("ack " + n);
            trail.add("body: got " + n);
        });
        trail.add("caller: created");
        trail.add("caller: received " + gen.send(null));
        trail.add("caller: received " + gen.send(1));
        assertThatThrownBy(() -> gen.send(2)).isInstanceOf(NoSuchElementException.class);
        trail.add("caller: body returned");

        assertThat(trail.steps())
                .containsExactly(
                        "caller: created",
                        "body: started",
                        "caller: received ready",
                        "body: got 1",
                        "caller: received ack 1",
                        "body: got 2",
                        "caller: body returned");
    }

    @Test
    void firstSendWithAValueIsRefusedAndTheBodyDoesNotStart() {
        Trail trail = new Trail();
        Generator<String, String> gen = Coro.generator(y -> trail.add("body ran"));

        assertThatThrownBy(() -> gen.send("too early"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has not started")
                .hasMessageContaining("send(null)");
        assertThat(trail.steps()).isEmpty();
        assertThatThrownBy(() -> gen.send(null)).isInstanceOf(NoSuchElementException.class);
        assertThat(trail.steps()).containsExactly("body ran");
    }

    @Test
    void sendAfterTheBodyReturnedKeepsThrowingNoSuchElement() {
        Generator<Object, String> gen = Coro.generator(y -> y.yield("only"));
        assertThat(gen.send(null)).isEqualTo("only");
        assertThatThrownBy(() -> gen.send(null))
                .isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("returned");
        assertThatThrownBy(() -> gen.send("x"))
                .isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("has returned");
    }

    @Test
    void sendAfterCloseIsRefused() {
        Generator<Object, String> gen = Coro.generator(y -> {
            while (true) y.yield("v");
        });
        gen.send(null);
        gen.close();
        assertThatThrownBy(() -> gen.send(null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("after close()");
        Generator<Object, String> unstarted = Coro.generator(y -> y.yield("never"));
        unstarted.close();
        assertThatThrownBy(() -> unstarted.send(null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("after close()");
    }

    @Test
    void throwIntoNullIsRefused() {
        Generator<Object, String> gen = Coro.generator(y -> y.yield("v"));
        assertThatThrownBy(() -> gen.throwInto(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("throwInto(null)");
    }

    @Test
    void throwIntoRaisesAtThePendingYieldAndReturnsTheNextValue() {
        Trail trail = new Trail();
        Generator<String, String> gen = Coro.generator(y -> {
            while (true) {
                try {
                    trail.add("body: got " + y.yield("waiting"));
                } catch (IllegalArgumentException e) {
                    trail.add("body: caught " + e.getMessage());
                    y.yield("recovered");
                }
            }
        });
        gen.send(null);
        assertThat(gen.throwInto(new IllegalArgumentException("disk full"))).isEqualTo("recovered");
        assertThat(gen.send("dropped by the recovery yield")).isEqualTo("waiting");
        assertThat(gen.send("b")).isEqualTo("waiting");
        assertThat(trail.steps()).containsExactly("body: caught disk full", "body: got b");
    }

    @Test
    void anExceptionTheBodyLetsEscapeReachesTheCallerAsTheSameObject() {
        IOException failure = new IOException("boom");
        Generator<Object, String> gen = Coro.generator(y -> {
            y.yield("first");
            throw failure;
        });
        gen.send(null);
        assertThatThrownBy(() -> gen.send(null)).isSameAs(failure);
        assertThatThrownBy(() -> gen.send(null)).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void throwIntoAnUnstartedOrFinishedGeneratorThrowsRightBack() {
        Trail trail = new Trail();
        Generator<Object, String> unstarted = Coro.generator(y -> trail.add("body ran"));
        IllegalArgumentException error = new IllegalArgumentException("x");
        assertThatThrownBy(() -> unstarted.throwInto(error)).isSameAs(error);
        assertThatThrownBy(() -> unstarted.send(null)).isInstanceOf(NoSuchElementException.class);
        assertThat(trail.steps()).isEmpty();

        Generator<Object, String> finished = Coro.generator(y -> {
            y.yield("only");
            trail.add("body returned");
        });
        finished.send(null);
        assertThatThrownBy(() -> finished.send(null)).isInstanceOf(NoSuchElementException.class);
        IllegalArgumentException late = new IllegalArgumentException("late");
        assertThatThrownBy(() -> finished.throwInto(late)).isSameAs(late);
        assertThatThrownBy(() -> finished.send(null)).isInstanceOf(NoSuchElementException.class);
        assertThat(trail.steps()).containsExactly("body returned");
    }

    @Test
    void aThrowIntoTheBodyDoesNotCatchPropagatesThenTheGeneratorIsFinished() {
        Trail trail = new Trail();
        Generator<Object, String> gen = Coro.generator(y -> {
            try {
                y.yield("a");
                trail.add("body: after yield (wrong)");
            } finally {
                trail.add("body: finally");
            }
        });
        gen.send(null);
        IllegalArgumentException error = new IllegalArgumentException("bad record");
        trail.add("caller: throwInto");
        assertThatThrownBy(() -> gen.throwInto(error)).isSameAs(error);
        trail.add("caller: rethrown");
        assertThatThrownBy(() -> gen.send(null)).isInstanceOf(NoSuchElementException.class);
        assertThat(gen.iterator().hasNext()).isFalse();
        trail.assertSteps("caller: throwInto", "body: finally", "caller: rethrown");
    }

    @Test
    void closeRaisesGeneratorExitSoFinallyRunsAndIsIdempotent() {
        Trail trail = new Trail();
        Generator<Object, Integer> gen = Coro.generator(y -> {
            try {
                for (int i = 0; ; i++) y.yield(i);
            } catch (GeneratorExit e) {
                trail.add("body: exit");
                throw e;
            } finally {
                trail.add("body: finally");
            }
        });
        gen.send(null);
        gen.send(null);
        trail.add("caller: close");
        gen.close();
        trail.add("caller: closed");
        gen.close();
        assertThat(trail.steps()).containsExactly("caller: close", "body: exit", "body: finally", "caller: closed");
    }

    @Test
    void closeFailsWhenTheBodyYieldsAfterGeneratorExitOnceTheBodyHasUnwound() {
        Trail trail = new Trail();
        Generator<Object, String> gen = Coro.generator(y -> {
            try {
                y.yield("first");
            } catch (GeneratorExit ignored) {
                trail.add("body: swallowed exit");
                try {
                    y.yield("stubborn");
                } catch (CancellationException e) {
                    trail.add("body: cancelled");
                }
                Thread.sleep(20); // a slow clean-up: close() must still wait for it
            } finally {
                trail.add("body: finally");
            }
        });
        gen.send(null);
        trail.add("caller: close");
        assertThatThrownBy(gen::close)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("yielded 'stubborn'")
                .hasMessageContaining("Let GeneratorExit propagate");
        trail.add("caller: close threw");
        // No latch: close() handed the turn back only once the body had ended.
        trail.assertSteps(
                "caller: close", "body: swallowed exit", "body: cancelled", "body: finally", "caller: close threw");
        gen.close();
        assertThatThrownBy(() -> gen.send(null)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void closeSucceedsWhenTheBodyCatchesGeneratorExitAndReturns() {
        Trail trail = new Trail();
        Generator<Object, String> gen = Coro.generator(y -> {
            try {
                y.yield("a");
            } catch (GeneratorExit e) {
                trail.add("body: exit caught, returning");
                return;
            }
            trail.add("body: after yield (wrong)");
        });
        gen.send(null);
        gen.close();
        trail.add("caller: closed");
        trail.assertSteps("body: exit caught, returning", "caller: closed");
        assertThatThrownBy(() -> gen.send(null)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void closeRethrowsAFailureOtherThanGeneratorExit() {
        IllegalStateException cleanupFailure = new IllegalStateException("cleanup failed");
        Generator<Object, String> gen = Coro.generator(y -> {
            try {
                y.yield("v");
            } finally {
                throw cleanupFailure;
            }
        });
        gen.send(null);
        assertThatThrownBy(gen::close).isSameAs(cleanupFailure);
    }

    @Test
    void yieldFromAnotherThreadIsRefused() throws Exception {
        AtomicReference<Yielder<Object, String>> leaked = new AtomicReference<>();
        Generator<Object, String> gen = Coro.generator(y -> {
            leaked.set(y);
            y.yield("v");
        });
        gen.send(null);
        CompletableFuture<Object> foreign =
                CompletableFuture.supplyAsync(() -> leaked.get().yield("intruder"));
        assertThatThrownBy(() -> foreign.get(5, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not the generator's own coroutine");
        gen.close();
    }

    @Test
    void aBodyCallingItsOwnGeneratorIsRefused() {
        AtomicReference<Generator<Object, String>> self = new AtomicReference<>();
        Generator<Object, String> gen = Coro.generator(y -> {
            y.yield(String.valueOf(self.get().send(null)));
        });
        self.set(gen);
        assertThatThrownBy(() -> gen.send(null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already running");
    }

    @Test
    void iteratingSendsNullUntilTheBodyReturns() {
        Generator<Object, Integer> countdown = Coro.generator(y -> {
            for (int i = 3; i > 0; i--) {
                Object sent = y.yield(i);
                assertThat(sent).isNull();
            }
        });
        List<Integer> values = new ArrayList<>();
        for (Integer v : countdown) values.add(v);
        assertThat(values).containsExactly(3, 2, 1);
        assertThat(countdown.iterator().hasNext()).isFalse();
    }

    @Test
    void iterationDoesNotMistakeTheBodysOwnNoSuchElementForTheEnd() {
        Generator<Object, Integer> gen = Coro.generator(y -> {
            y.yield(1);
            throw new NoSuchElementException("lookup failed");
        });
        var it = gen.iterator();
        assertThat(it.next()).isEqualTo(1);
        assertThatThrownBy(it::hasNext).hasMessage("lookup failed");
    }

    @Test
    void breakingOutOfTryWithResourcesClosesTheBody() {
        Trail trail = new Trail();
        try (Generator<Object, Integer> naturals = Coro.generator(y -> {
            try {
                for (int i = 1; ; i++) y.yield(i);
            } finally {
                trail.add("body: finally");
            }
        })) {
            for (Integer n : naturals) {
                trail.add("caller: " + n);
                if (n == 2) break;
            }
        }
        assertThat(trail.steps()).containsExactly("caller: 1", "caller: 2", "body: finally");
    }

    @Test
    void yieldAllDelegatesSendsThrowsAndClose() {
        Trail trail = new Trail();
        Generator<String, String> inner = Coro.generator(y -> {
            try {
                String in = y.yield("inner 1");
                trail.add("inner: got " + in);
                try {
                    y.yield("inner 2");
                } catch (IllegalArgumentException e) {
                    trail.add("inner: caught " + e.getMessage());
                }
                in = y.yield("inner 3");
                trail.add("inner: got " + in);
            } finally {
                trail.add("inner: finally");
            }
        });
        Generator<String, String> outer = Coro.generator(y -> {
            y.yield("outer before");
            y.yieldAll(inner);
            trail.add("outer: inner returned");
            y.yield("outer after");
        });

        assertThat(outer.send(null)).isEqualTo("outer before");
        assertThat(outer.send("ignored")).isEqualTo("inner 1");
        assertThat(outer.send("a")).isEqualTo("inner 2");
        assertThat(outer.throwInto(new IllegalArgumentException("bad"))).isEqualTo("inner 3");
        assertThat(outer.send("b")).isEqualTo("outer after");
        assertThat(trail.steps())
                .containsExactly(
                        "inner: got a", "inner: caught bad", "inner: got b", "inner: finally", "outer: inner returned");
    }

    @Test
    void yieldAllPropagatesTheDelegatesOwnNoSuchElementInsteadOfTakingItForAReturn() {
        NoSuchElementException lookupFailed = new NoSuchElementException("lookup failed in inner");
        Generator<Object, String> inner = Coro.generator(y -> {
            y.yield("a");
            throw lookupFailed;
        });
        Trail trail = new Trail();
        Generator<Object, String> outer = Coro.generator(y -> {
            y.yieldAll(inner);
            trail.add("outer: carried on (wrong)");
            y.yield("z");
        });
        assertThat(outer.send(null)).isEqualTo("a");
        assertThatThrownBy(() -> outer.send(null)).isSameAs(lookupFailed);
        assertThat(trail.steps()).isEmpty();

        // A delegate that really returns still ends the delegation.
        Generator<Object, String> returning = Coro.generator(y -> y.yield("b"));
        Generator<Object, String> outer2 = Coro.generator(y -> {
            y.yieldAll(returning);
            y.yield("after");
        });
        assertThat(outer2.send(null)).isEqualTo("b");
        assertThat(outer2.send(null)).isEqualTo("after");
        outer2.close();
    }

    /**
     * Python closes a generator it collects: a generator dropped without close() while its body is parked at a yield
     * is found by the Cleaner, its body cancelled (its finally blocks run) and its coroutine freed.
     */
    @Test
    void aGeneratorDroppedWithoutCloseIsClosedWhenCollected() throws Exception {
        CoroScheduler scheduler = CoroScheduler.builder().namePrefix("dropped-").build();
        int n = 50;
        AtomicInteger finallies = new AtomicInteger();
        // Created in a coroutine of their own scheduler, so that the count is theirs alone.
        Coro.mono(() -> {
                    dropGenerators(n, finallies);
                    return "dropped";
                })
                .contextWrite(Context.of(CoroScheduler.CONTEXT_KEY, scheduler))
                .block(Duration.ofSeconds(10));
        assertThat(scheduler.activeCount()).as("bodies parked at a yield").isEqualTo(n);
        for (int gc = 0; finallies.get() < n || scheduler.activeCount() > 0; gc++) {
            assertThat(gc)
                    .as(
                            "finally blocks run: %d of %d, coroutines left: %d",
                            finallies.get(), n, scheduler.activeCount())
                    .isLessThan(100);
            System.gc();
            Thread.sleep(20);
        }
        assertThat(scheduler.cancelledCount()).isEqualTo(n);
    }

    /** In a method of its own so that no local variable of the test keeps a generator reachable. */
    private static void dropGenerators(int n, AtomicInteger finallies) {
        for (int i = 0; i < n; i++) {
            Generator<Object, Integer> gen = Coro.generator(y -> {
                try {
                    for (int k = 0; ; k++) y.yield(k);
                } finally {
                    finallies.incrementAndGet();
                }
            });
            gen.send(null);
            gen.send(null);
        }
    }

    @Test
    void closingTheDelegatorClosesTheDelegate() {
        Trail trail = new Trail();
        Generator<Object, String> inner = Coro.generator(y -> {
            try {
                while (true) y.yield("inner");
            } finally {
                trail.add("inner: finally");
            }
        });
        Generator<Object, String> outer = Coro.generator(y -> {
            try {
                y.yieldAll(inner);
            } finally {
                trail.add("outer: finally");
            }
        });
        assertThat(outer.send(null)).isEqualTo("inner");
        outer.close();
        assertThat(trail.steps()).containsExactly("inner: finally", "outer: finally");
    }

    // Repeated: the cancel races with the body's hand-back of the turn (both orders must end CLOSED).
    @Tag("stress")
    @RepeatedTest(20)
    void cancellingACoroutineThatWaitsOnTheGeneratorCancelsTheBody() throws Exception {
        Trail trail = new Trail();
        CountDownLatch bodyAwaiting = new CountDownLatch(1);
        CountDownLatch bodyDone = new CountDownLatch(1);
        Generator<Object, String> gen = Coro.generator(y -> {
            y.yield("first");
            try {
                bodyAwaiting.countDown();
                Coro.await(Mono.never());
            } catch (CancellationException e) {
                trail.add("body: cancelled");
                throw e;
            } finally {
                bodyDone.countDown();
            }
        });
        gen.send(null);
        Disposable caller = Coro.mono(() -> gen.send(null)).subscribe();
        assertThat(bodyAwaiting.await(5, TimeUnit.SECONDS)).isTrue();
        caller.dispose();
        assertThat(bodyDone.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(trail.steps()).containsExactly("body: cancelled");
        assertThatThrownBy(() -> gen.send(null)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theBodyInheritsTheContextOfTheCoroutineThatCreatedIt() {
        String seen = Coro.mono(() -> {
                    try (Generator<Object, String> gen =
                            Coro.generator(y -> y.yield(Coro.context().get("tenant")))) {
                        return gen.send(null);
                    }
                })
                .contextWrite(Context.of("tenant", "acme"))
                .block(Duration.ofSeconds(5));
        assertThat(seen).isEqualTo("acme");
    }

    @Tag("stress")
    @Test
    void manyRoundTripsFromAPlatformThreadAndFromACoroutineKeepEveryValue() {
        int rounds = Integer.getInteger("coro.test.rounds", System.getenv("CI") != null ? 20_000 : 50_000);
        Generator<Integer, Integer> doubler = Coro.generator(y -> {
            Integer n = y.yield(null);
            while (true) n = y.yield(n * 2);
        });
        doubler.send(null);
        for (int i = 0; i < rounds; i++) {
            assertThat(doubler.send(i)).isEqualTo(i * 2);
        }
        Long sum = Coro.mono(() -> {
                    long s = 0;
                    for (int i = 0; i < rounds; i++) s += doubler.send(i);
                    return s;
                })
                .block(Duration.ofSeconds(20));
        assertThat(sum).isEqualTo((long) rounds * (rounds - 1));
        doubler.close();
    }
}
