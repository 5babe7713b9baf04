package dev.coro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/**
 * PEP 380 return values, PEP 479 (a StopIteration escaping a body) and GeneratorExit past {@code catch (Exception)}
 * (docs/adr/0006-generatorexit-and-catch-exception.md).
 */
class GeneratorReturnTest {

    @Test
    void theSendThatEndsTheBodyCarriesItsReturnValueLaterOnesCarryNull() {
        ReturningGenerator<Integer, String, Integer> summer = Coro.returningGenerator(y -> {
            int sum = 0;
            for (Integer n = y.yield("ready"); n != null; n = y.yield("sum " + sum)) sum += n;
            return sum;
        });
        assertThatThrownBy(summer::returnValue)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not returned");
        assertThat(summer.send(null)).isEqualTo("ready");
        assertThat(summer.send(4)).isEqualTo("sum 4");
        assertThat(summer.send(5)).isEqualTo("sum 9");
        assertThatThrownBy(summer::returnValue).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> summer.send(null))
                .isInstanceOf(StopIteration.class)
                .isInstanceOf(NoSuchElementException.class)
                .satisfies(e -> assertThat(((StopIteration) e).value()).isEqualTo(9));
        // As Python: a second next() on an exhausted generator raises a bare StopIteration.
        assertThatThrownBy(() -> summer.send(null))
                .isInstanceOf(StopIteration.class)
                .satisfies(e -> assertThat(((StopIteration) e).value()).isNull());
        assertThat(summer.returnValue()).isEqualTo(9);
        summer.close();
        assertThat(summer.returnValue()).isEqualTo(9);
    }

    @Test
    void aBodyWithoutReturnValueEndsWithANullValue() {
        Generator<Object, String> gen = Coro.generator(y -> y.yield("only"));
        gen.send(null);
        assertThatThrownBy(() -> gen.send(null))
                .isInstanceOf(StopIteration.class)
                .satisfies(e -> assertThat(((StopIteration) e).value()).isNull());
    }

    @Test
    void throwIntoThatMakesTheBodyReturnCarriesTheValue() {
        ReturningGenerator<Object, String, String> gen = Coro.returningGenerator(y -> {
            try {
                y.yield("waiting");
            } catch (IllegalArgumentException e) {
                return "handled " + e.getMessage();
            }
            return "not reached";
        });
        gen.send(null);
        assertThatThrownBy(() -> gen.throwInto(new IllegalArgumentException("bad")))
                .isInstanceOf(StopIteration.class)
                .satisfies(e -> assertThat(((StopIteration) e).value()).isEqualTo("handled bad"));
        assertThat(gen.returnValue()).isEqualTo("handled bad");
    }

    @Test
    void iterationStopsAtTheReturnAndReturnValueKeepsIt() {
        ReturningGenerator<Object, Integer, String> gen = Coro.returningGenerator(y -> {
            y.yield(1);
            y.yield(2);
            return "done";
        });
        List<Integer> seen = new ArrayList<>();
        for (Integer i : gen) seen.add(i);
        assertThat(seen).containsExactly(1, 2);
        assertThat(gen.returnValue()).isEqualTo("done");
    }

    @Test
    void yieldAllReturnsTheDelegatesReturnValueTypedAndUntyped() {
        List<String> trail = new ArrayList<>();
        Generator<String, String> outer = Coro.generator(y -> {
            Integer rows = y.yieldAll(Coro.<String, String, Integer>returningGenerator(inner -> {
                int n = 0;
                for (String in = inner.yield("row 1"); in != null; in = inner.yield("row " + (n + 1))) n++;
                return n;
            }));
            trail.add("typed: " + rows);
            Object untyped =
                    y.yieldAll((Generator<String, String>) Coro.<String, String, String>returningGenerator(inner -> {
                        inner.yield("x");
                        return "inner result";
                    }));
            trail.add("untyped: " + untyped);
            Object none = y.yieldAll(Coro.<String, String>generator(inner -> inner.yield("y")));
            trail.add("no value: " + none);
        });
        assertThat(outer.send(null)).isEqualTo("row 1");
        assertThat(outer.send("a")).isEqualTo("row 2");
        assertThat(outer.send("b")).isEqualTo("row 3");
        assertThat(outer.send(null)).isEqualTo("x");
        assertThat(outer.send(null)).isEqualTo("y");
        assertThatThrownBy(() -> outer.send(null)).isInstanceOf(StopIteration.class);
        assertThat(trail).containsExactly("typed: 2", "untyped: inner result", "no value: null");
    }

    @Test
    void aDelegatorReturnsWhatItsDelegateReturnedThroughThrowInto() {
        ReturningGenerator<Object, String, String> outer = Coro.returningGenerator(y -> {
            String r = y.yieldAll(Coro.<Object, String, String>returningGenerator(inner -> {
                try {
                    inner.yield("in");
                    return "normal";
                } catch (IllegalStateException e) {
                    return "from throw";
                }
            }));
            return "outer got " + r;
        });
        outer.send(null);
        assertThatThrownBy(() -> outer.throwInto(new IllegalStateException("x")))
                .isInstanceOf(StopIteration.class)
                .satisfies(e -> assertThat(((StopIteration) e).value()).isEqualTo("outer got from throw"));
    }

    /**
     * PEP 479: a body that drives another generator past its end lets that StopIteration escape. On main it reached
     * the caller as the outer generator's own end, so the caller's loop ended quietly; now it is a failure.
     */
    @Test
    void aStopIterationEscapingTheBodyFailsTheGeneratorInsteadOfEndingItQuietly() {
        Generator<Object, String> exhausted = Coro.generator(y -> {});
        Generator<Object, String> outer = Coro.generator(y -> {
            y.yield("a");
            y.yield(exhausted.send(null)); // throws StopIteration: the inner body returned at once
            y.yield("unreachable");
        });
        List<String> seen = new ArrayList<>();
        assertThatThrownBy(() -> {
                    for (String s : outer) seen.add(s);
                })
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("raised StopIteration")
                .hasCauseInstanceOf(NoSuchElementException.class);
        assertThat(seen).containsExactly("a");
    }

    /**
     * The everyday {@code catch (Exception e)} around a yield must not swallow the close: on main GeneratorExit was a
     * RuntimeException, the body logged it, yielded again and close() threw IllegalStateException.
     */
    @Test
    void catchExceptionAroundAYieldDoesNotSwallowGeneratorExit() {
        List<String> trail = new ArrayList<>();
        Generator<Object, Integer> gen = Coro.generator(y -> {
            try {
                for (int i = 0; ; i++) {
                    try {
                        y.yield(i);
                    } catch (Exception e) {
                        trail.add("caught " + e.getClass().getSimpleName()); // log and go on: a retry loop
                    }
                }
            } finally {
                trail.add("finally");
            }
        });
        gen.send(null);
        assertThat(gen.throwInto(new IllegalArgumentException("transient"))).isEqualTo(1);
        gen.close();
        assertThat(trail).containsExactly("caught IllegalArgumentException", "finally");
    }

    @Test
    void aBodyMayStillCatchGeneratorExitByNameAndReturn() {
        ReturningGenerator<Object, Integer, String> gen = Coro.returningGenerator(y -> {
            try {
                y.yield(1);
            } catch (GeneratorExit exit) {
                return "closed";
            }
            return "ended";
        });
        gen.send(null);
        gen.close();
        assertThatThrownBy(() -> gen.send(null)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void returnValueCrossesFromACoroutineCaller() {
        ReturningGenerator<Integer, Integer, Integer> counter = Coro.returningGenerator(y -> {
            int count = 0;
            while (y.yield(count) != null) count++;
            return count;
        });
        Integer value = Coro.mono(() -> {
                    counter.send(null);
                    for (int i = 0; i < 100; i++) counter.send(i);
                    try {
                        counter.send(null);
                        return -1;
                    } catch (StopIteration end) {
                        return (Integer) end.value();
                    }
                })
                .block(Duration.ofSeconds(10));
        assertThat(value).isEqualTo(100);
    }

    /**
     * A body whose {@code catch (Exception e)} swallows the CancellationException of a cancelled caller and yields
     * again ends at that yield (a GeneratorExit, past the catch) instead of spinning on its carrier for good, as it
     * did on main.
     */
    @Test
    void aBodyThatSwallowsItsCancellationAndYieldsAgainEndsInsteadOfSpinning() throws Exception {
        java.util.concurrent.atomic.AtomicInteger swallowed = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.CountDownLatch awaiting = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch bodyDone = new java.util.concurrent.CountDownLatch(1);
        Generator<Object, Integer> gen = Coro.generator(y -> {
            try {
                for (int i = 0; ; i++) {
                    try {
                        y.yield(i);
                        awaiting.countDown();
                        Coro.await(reactor.core.publisher.Mono.never());
                    } catch (Exception e) {
                        swallowed.incrementAndGet(); // "log and go on"
                    }
                }
            } finally {
                bodyDone.countDown();
            }
        });
        gen.send(null);
        reactor.core.Disposable caller = Coro.mono(() -> gen.send(null)).subscribe();
        assertThat(awaiting.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        caller.dispose(); // closes the generator and cancels its body, which is inside the await
        assertThat(bodyDone.await(10, java.util.concurrent.TimeUnit.SECONDS))
                .as("the body ended")
                .isTrue();
        // The await's cancellation and the next yield's were swallowed; the yield after that ended the body.
        assertThat(swallowed.get()).isEqualTo(2);
    }
}
