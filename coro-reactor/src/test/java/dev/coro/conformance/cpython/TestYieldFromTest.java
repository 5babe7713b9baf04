package dev.coro.conformance.cpython;

import static dev.coro.conformance.cpython.CPython.list;
import static dev.coro.conformance.cpython.CPython.next;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coro.Coro;
import dev.coro.Generator;
import dev.coro.GeneratorExit;
import dev.coro.ReturningGenerator;
import dev.coro.StopIteration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * CPython's {@code Lib/test/test_yield_from.py} (PEP 380, Python 3.11), ported to {@code Yielder.yieldAll}: each
 * method keeps the Python test's name. Tests that need what Java has no equivalent for (non-generator iterables in
 * {@code yield from}, {@code __getattr__}, frames, refcounts) are listed in docs/peer-tests.md with the reason.
 */
@Tag("conformance")
class TestYieldFromTest {

    @Nested
    @SuppressWarnings("MethodName")
    class TestPEP380Operation {

        private final List<String> trace = new CopyOnWriteArrayList<>();

        @Test
        void test_delegation_of_initial_next_to_subgenerator() {
            Supplier<Generator<Object, Integer>> g2 = () -> Coro.generator(y -> {
                trace.add("Starting g2");
                y.yield(42);
                trace.add("Finishing g2");
            });
            Generator<Object, Integer> g1 = Coro.generator(y -> {
                trace.add("Starting g1");
                y.yieldAll(g2.get());
                trace.add("Finishing g1");
            });
            for (Integer x : g1) trace.add("Yielded " + x);
            assertThat(trace)
                    .containsExactly("Starting g1", "Starting g2", "Yielded 42", "Finishing g2", "Finishing g1");
        }

        @Test
        void test_raising_exception_in_initial_next_call() {
            Supplier<Generator<Object, Object>> g2 = () -> Coro.generator(y -> {
                try {
                    trace.add("Starting g2");
                    throw new IllegalArgumentException("spanish inquisition occurred");
                } finally {
                    trace.add("Finishing g2");
                }
            });
            Generator<Object, Object> g1 = Coro.generator(y -> {
                try {
                    trace.add("Starting g1");
                    y.yieldAll(g2.get());
                } finally {
                    trace.add("Finishing g1");
                }
            });
            assertThatThrownBy(() -> {
                        for (Object x : g1) trace.add("Yielded " + x);
                    })
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("spanish inquisition occurred");
            assertThat(trace).containsExactly("Starting g1", "Starting g2", "Finishing g2", "Finishing g1");
        }

        @Test
        void test_delegation_of_next_call_to_subgenerator() {
            Supplier<Generator<Object, String>> g2 = () -> Coro.generator(y -> {
                trace.add("Starting g2");
                y.yield("g2 spam");
                y.yield("g2 more spam");
                trace.add("Finishing g2");
            });
            Generator<Object, String> g1 = Coro.generator(y -> {
                trace.add("Starting g1");
                y.yield("g1 ham");
                y.yieldAll(g2.get());
                y.yield("g1 eggs");
                trace.add("Finishing g1");
            });
            for (String x : g1) trace.add("Yielded " + x);
            assertThat(trace)
                    .containsExactly(
                            "Starting g1",
                            "Yielded g1 ham",
                            "Starting g2",
                            "Yielded g2 spam",
                            "Yielded g2 more spam",
                            "Finishing g2",
                            "Yielded g1 eggs",
                            "Finishing g1");
        }

        @Test
        void test_raising_exception_in_delegated_next_call() {
            Supplier<Generator<Object, String>> g2 = () -> Coro.generator(y -> {
                try {
                    trace.add("Starting g2");
                    y.yield("g2 spam");
                    if (trace.size() > 0) throw new IllegalArgumentException("hovercraft is full of eels");
                    y.yield("g2 more spam");
                } finally {
                    trace.add("Finishing g2");
                }
            });
            Generator<Object, String> g1 = Coro.generator(y -> {
                try {
                    trace.add("Starting g1");
                    y.yield("g1 ham");
                    y.yieldAll(g2.get());
                    y.yield("g1 eggs");
                } finally {
                    trace.add("Finishing g1");
                }
            });
            assertThatThrownBy(() -> {
                        for (String x : g1) trace.add("Yielded " + x);
                    })
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("hovercraft is full of eels");
            assertThat(trace)
                    .containsExactly(
                            "Starting g1",
                            "Yielded g1 ham",
                            "Starting g2",
                            "Yielded g2 spam",
                            "Finishing g2",
                            "Finishing g1");
        }

        @Test
        void test_delegation_of_send() {
            Supplier<Generator<Integer, String>> g2 = () -> Coro.generator(y -> {
                trace.add("Starting g2");
                Integer x = y.yield("g2 spam");
                trace.add("g2 received " + x);
                x = y.yield("g2 more spam");
                trace.add("g2 received " + x);
                trace.add("Finishing g2");
            });
            Generator<Integer, String> g = Coro.generator(y -> {
                trace.add("Starting g1");
                Integer x = y.yield("g1 ham");
                trace.add("g1 received " + x);
                y.yieldAll(g2.get());
                x = y.yield("g1 eggs");
                trace.add("g1 received " + x);
                trace.add("Finishing g1");
            });
            next(g);
            int x = 1;
            try {
                while (true) {
                    String yielded = g.send(x);
                    trace.add("Yielded " + yielded);
                    x += 1;
                }
            } catch (StopIteration e) {
                // the end
            }
            assertThat(trace)
                    .containsExactly(
                            "Starting g1",
                            "g1 received 1",
                            "Starting g2",
                            "Yielded g2 spam",
                            "g2 received 2",
                            "Yielded g2 more spam",
                            "g2 received 3",
                            "Finishing g2",
                            "Yielded g1 eggs",
                            "g1 received 4",
                            "Finishing g1");
        }

        @Test
        void test_handling_exception_while_delegating_send() {
            Supplier<Generator<Integer, String>> g2 = () -> Coro.generator(y -> {
                trace.add("Starting g2");
                Integer x = y.yield("g2 spam");
                trace.add("g2 received " + x);
                if (x != null) throw new IllegalArgumentException("hovercraft is full of eels");
                x = y.yield("g2 more spam");
                trace.add("g2 received " + x);
                trace.add("Finishing g2");
            });
            Generator<Integer, String> g = Coro.generator(y -> {
                trace.add("Starting g1");
                Integer x = y.yield("g1 ham");
                trace.add("g1 received " + x);
                y.yieldAll(g2.get());
                x = y.yield("g1 eggs");
                trace.add("g1 received " + x);
                trace.add("Finishing g1");
            });
            Runnable run = () -> {
                next(g);
                int x = 1;
                try {
                    while (true) {
                        String yielded = g.send(x);
                        trace.add("Yielded " + yielded);
                        x += 1;
                    }
                } catch (StopIteration e) {
                    trace.add("StopIteration");
                }
            };
            assertThatThrownBy(run::run).isInstanceOf(IllegalArgumentException.class);
            assertThat(trace)
                    .containsExactly("Starting g1", "g1 received 1", "Starting g2", "Yielded g2 spam", "g2 received 2");
        }

        private Generator<Object, String> hamSpamEggs(Supplier<Generator<Object, String>> g2) {
            return Coro.generator(y -> {
                try {
                    trace.add("Starting g1");
                    y.yield("g1 ham");
                    y.yieldAll(g2.get());
                    y.yield("g1 eggs");
                } finally {
                    trace.add("Finishing g1");
                }
            });
        }

        private Generator<Object, String> spam(@Nullable RuntimeException inFinally) {
            return Coro.generator(y -> {
                try {
                    trace.add("Starting g2");
                    y.yield("g2 spam");
                    y.yield("g2 more spam");
                } finally {
                    trace.add("Finishing g2");
                    if (inFinally != null) throw inFinally;
                }
            });
        }

        @Test
        void test_delegating_close() {
            Generator<Object, String> g = hamSpamEggs(() -> spam(null));
            for (int i = 0; i < 2; i++) trace.add("Yielded " + next(g));
            g.close();
            assertThat(trace)
                    .containsExactly(
                            "Starting g1",
                            "Yielded g1 ham",
                            "Starting g2",
                            "Yielded g2 spam",
                            "Finishing g2",
                            "Finishing g1");
        }

        /** Java has no implicit exception context: Python's {@code e.__context__ is GeneratorExit} is not checked. */
        @Test
        void test_handing_exception_while_delegating_close() {
            Generator<Object, String> g =
                    hamSpamEggs(() -> spam(new IllegalArgumentException("nybbles have exploded with delight")));
            for (int i = 0; i < 2; i++) trace.add("Yielded " + next(g));
            assertThatThrownBy(g::close)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("nybbles have exploded with delight");
            assertThat(trace)
                    .containsExactly(
                            "Starting g1",
                            "Yielded g1 ham",
                            "Starting g2",
                            "Yielded g2 spam",
                            "Finishing g2",
                            "Finishing g1");
        }

        @Test
        void test_delegating_throw() {
            Generator<Object, String> g = hamSpamEggs(() -> spam(null));
            for (int i = 0; i < 2; i++) trace.add("Yielded " + next(g));
            IllegalArgumentException e = new IllegalArgumentException("tomato ejected");
            assertThatThrownBy(() -> g.throwInto(e)).isSameAs(e);
            assertThat(trace)
                    .containsExactly(
                            "Starting g1",
                            "Yielded g1 ham",
                            "Starting g2",
                            "Yielded g2 spam",
                            "Finishing g2",
                            "Finishing g1");
        }

        @Test
        void test_exception_value_crash() {
            Generator<Object, String> g1 = Coro.generator(y -> y.yieldAll(Coro.returningGenerator(g2 -> {
                g2.yield("g2");
                return List.of(42);
            })));
            assertThat(list(g1)).containsExactly("g2");
        }

        private ReturningGenerator<Object, String, Object> g2(@Nullable Object v) {
            return Coro.returningGenerator(y -> {
                trace.add("Starting g2");
                y.yield("g2 spam");
                y.yield("g2 more spam");
                trace.add("Finishing g2");
                return v;
            });
        }

        @Test
        void test_generator_return_value() {
            Generator<Object, String> g1 = Coro.generator(y -> {
                trace.add("Starting g1");
                y.yield("g1 ham");
                Object ret = y.yieldAll(g2(null));
                trace.add("g2 returned " + repr(ret));
                for (Object v : List.of(1, List.of(2), new StopIteration(3))) {
                    ret = y.yieldAll(g2(v));
                    trace.add("g2 returned " + repr(ret));
                }
                y.yield("g1 eggs");
                trace.add("Finishing g1");
            });
            for (String x : g1) trace.add("Yielded " + x);
            assertThat(trace)
                    .containsExactly(
                            "Starting g1",
                            "Yielded g1 ham",
                            "Starting g2",
                            "Yielded g2 spam",
                            "Yielded g2 more spam",
                            "Finishing g2",
                            "g2 returned None",
                            "Starting g2",
                            "Yielded g2 spam",
                            "Yielded g2 more spam",
                            "Finishing g2",
                            "g2 returned 1",
                            "Starting g2",
                            "Yielded g2 spam",
                            "Yielded g2 more spam",
                            "Finishing g2",
                            "g2 returned [2]",
                            "Starting g2",
                            "Yielded g2 spam",
                            "Yielded g2 more spam",
                            "Finishing g2",
                            "g2 returned StopIteration(3)",
                            "Yielded g1 eggs",
                            "Finishing g1");
        }

        /** {@code yield from range(3)} becomes a delegate generator: yieldAll takes generators only. */
        @Test
        void test_conversion_of_sendNone_to_next() {
            Generator<Object, Integer> gi = Coro.generator(y -> y.yieldAll(Coro.generator(range -> {
                for (int i = 0; i < 3; i++) range.yield(i);
            })));
            for (int x = 0; x < 3; x++) trace.add("Yielded: " + gi.send(null));
            assertThat(trace).containsExactly("Yielded: 0", "Yielded: 1", "Yielded: 2");
            gi.close();
        }

        @Test
        void test_exception_in_initial_next_call() {
            Generator<Object, Object> gi = Coro.generator(y -> {
                trace.add("g1 about to yield from g2");
                y.yieldAll(Coro.generator(g2 -> g2.yield(1 / (trace.size() - 1))));
                trace.add("g1 should not be here");
            });
            assertThatThrownBy(() -> next(gi)).isInstanceOf(ArithmeticException.class);
            assertThat(trace).containsExactly("g1 about to yield from g2");
        }

        /** Python's ValueError("generator already executing") is our IllegalStateException ("already running"). */
        @Test
        void test_attempted_yield_from_loop() {
            AtomicReference<Generator<Object, String>> gi = new AtomicReference<>();
            Supplier<Generator<Object, String>> g2 = () -> Coro.generator(y -> {
                trace.add("g2: starting");
                y.yield("y2");
                trace.add("g2: about to yield from g1");
                y.yieldAll(gi.get());
                trace.add("g2 should not be here");
            });
            gi.set(Coro.generator(y -> {
                trace.add("g1: starting");
                y.yield("y1");
                trace.add("g1: about to yield from g2");
                y.yieldAll(g2.get());
                trace.add("g1 should not be here");
            }));
            assertThatThrownBy(() -> {
                        for (String y : gi.get()) trace.add("Yielded: " + y);
                    })
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already running");
            assertThat(trace)
                    .containsExactly(
                            "g1: starting",
                            "Yielded: y1",
                            "g1: about to yield from g2",
                            "g2: starting",
                            "Yielded: y2",
                            "g2: about to yield from g1");
        }

        @Test
        void test_returning_value_from_delegated_throw() {
            class LunchError extends RuntimeException {
                LunchError(String message) {
                    super(message);
                }
            }
            Generator<Object, String> g = hamSpamEggs(() -> Coro.generator(y -> {
                try {
                    trace.add("Starting g2");
                    y.yield("g2 spam");
                    y.yield("g2 more spam");
                } catch (LunchError e) {
                    trace.add("Caught LunchError in g2");
                    y.yield("g2 lunch saved");
                    y.yield("g2 yet more spam");
                }
            }));
            for (int i = 0; i < 2; i++) trace.add("Yielded " + next(g));
            assertThat(g.throwInto(new LunchError("tomato ejected"))).isEqualTo("g2 lunch saved");
            for (String x : g) trace.add("Yielded " + x);
            assertThat(trace)
                    .containsExactly(
                            "Starting g1",
                            "Yielded g1 ham",
                            "Starting g2",
                            "Yielded g2 spam",
                            "Caught LunchError in g2",
                            "Yielded g2 yet more spam",
                            "Yielded g1 eggs",
                            "Finishing g1");
        }

        @Test
        void test_next_and_return_with_value() {
            Function<@Nullable Object, ReturningGenerator<Object, Object, Object>> g =
                    r -> Coro.returningGenerator(y -> {
                        trace.add("g starting");
                        y.yield(null);
                        trace.add("g returning " + repr(r));
                        return r;
                    });
            for (Object r : new Object[] {null, 1, List.of(2), new StopIteration(3)}) {
                Generator<Object, Object> gi = g.apply(r);
                next(gi);
                try {
                    trace.add("f resuming g");
                    next(gi);
                    trace.add("f SHOULD NOT BE HERE");
                } catch (StopIteration e) {
                    trace.add("f caught " + repr(e));
                }
            }
            assertThat(trace)
                    .containsExactly(
                            "g starting",
                            "f resuming g",
                            "g returning None",
                            "f caught StopIteration()",
                            "g starting",
                            "f resuming g",
                            "g returning 1",
                            "f caught StopIteration(1)",
                            "g starting",
                            "f resuming g",
                            "g returning [2]",
                            "f caught StopIteration([2])",
                            "g starting",
                            "f resuming g",
                            "g returning StopIteration(3)",
                            "f caught StopIteration(StopIteration(3))");
        }

        @Test
        void test_send_and_return_with_value() {
            Function<@Nullable Object, ReturningGenerator<String, Object, Object>> g =
                    r -> Coro.returningGenerator(y -> {
                        trace.add("g starting");
                        String x = y.yield(null);
                        trace.add("g received '" + x + "'");
                        trace.add("g returning " + repr(r));
                        return r;
                    });
            for (Object r : new Object[] {null, 1, List.of(2), new StopIteration(3)}) {
                Generator<String, Object> gi = g.apply(r);
                next(gi);
                try {
                    trace.add("f sending spam to g");
                    gi.send("spam");
                    trace.add("f SHOULD NOT BE HERE");
                } catch (StopIteration e) {
                    trace.add("f caught " + repr(e));
                }
            }
            assertThat(trace)
                    .containsExactly(
                            "g starting",
                            "f sending spam to g",
                            "g received 'spam'",
                            "g returning None",
                            "f caught StopIteration()",
                            "g starting",
                            "f sending spam to g",
                            "g received 'spam'",
                            "g returning 1",
                            "f caught StopIteration(1)",
                            "g starting",
                            "f sending spam to g",
                            "g received 'spam'",
                            "g returning [2]",
                            "f caught StopIteration([2])",
                            "g starting",
                            "f sending spam to g",
                            "g received 'spam'",
                            "g returning StopIteration(3)",
                            "f caught StopIteration(StopIteration(3))");
        }

        @Test
        void test_catching_exception_from_subgen_and_returning() {
            for (Object value : new Object[] {2, List.of(2), new StopIteration(2)}) {
                List<Object> trace = new CopyOnWriteArrayList<>();
                Supplier<ReturningGenerator<Object, Object, Object>> inner = () -> Coro.returningGenerator(y -> {
                    try {
                        y.yield(1);
                    } catch (IllegalArgumentException e) {
                        trace.add("inner caught ValueError");
                    }
                    return value;
                });
                Generator<Object, Object> g = Coro.generator(y -> {
                    Object v = y.yieldAll(inner.get());
                    trace.add("inner returned " + repr(v) + " to outer");
                    y.yield(v);
                });
                trace.add(next(g));
                trace.add(repr(g.throwInto(new IllegalArgumentException())));
                assertThat(trace)
                        .containsExactly(
                                1,
                                "inner caught ValueError",
                                "inner returned " + repr(value) + " to outer",
                                repr(value));
                g.close();
            }
        }

        @Test
        void test_throwing_GeneratorExit_into_subgen_that_returns() {
            Generator<Object, Object> gi = Coro.generator(y -> {
                trace.add("Enter g");
                y.yieldAll(Coro.generator(f -> {
                    try {
                        trace.add("Enter f");
                        f.yield(null);
                        trace.add("Exit f");
                    } catch (GeneratorExit e) {
                        // return
                    }
                }));
                trace.add("Exit g");
            });
            next(gi);
            assertThatThrownBy(() -> gi.throwInto(new GeneratorExit())).isInstanceOf(GeneratorExit.class);
            assertThat(trace).containsExactly("Enter g", "Enter f");
        }

        /** Python's RuntimeError("generator ignored GeneratorExit") is our IllegalStateException. */
        @Test
        void test_throwing_GeneratorExit_into_subgenerator_that_yields() {
            Generator<Object, Object> gi = Coro.generator(y -> {
                trace.add("Enter g");
                y.yieldAll(Coro.generator(f -> {
                    try {
                        trace.add("Enter f");
                        f.yield(null);
                        trace.add("Exit f");
                    } catch (GeneratorExit e) {
                        f.yield(null);
                    }
                }));
                trace.add("Exit g");
            });
            next(gi);
            assertThatThrownBy(() -> gi.throwInto(new GeneratorExit()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("caught GeneratorExit and yielded");
            assertThat(trace).containsExactly("Enter g", "Enter f");
        }

        @Test
        void test_throwing_GeneratorExit_into_subgen_that_raises() {
            Generator<Object, Object> gi = Coro.generator(y -> {
                trace.add("Enter g");
                y.yieldAll(Coro.generator(f -> {
                    try {
                        trace.add("Enter f");
                        f.yield(null);
                        trace.add("Exit f");
                    } catch (GeneratorExit e) {
                        throw new IllegalArgumentException("Vorpal bunny encountered");
                    }
                }));
                trace.add("Exit g");
            });
            next(gi);
            assertThatThrownBy(() -> gi.throwInto(new GeneratorExit()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Vorpal bunny encountered");
            assertThat(trace).containsExactly("Enter g", "Enter f");
        }

        /** {@code yield from ()} becomes a delegate that returns at once. */
        @Test
        void test_yield_from_empty() {
            Generator<Object, Object> g = Coro.generator(y -> y.yieldAll(Coro.generator(empty -> {})));
            assertThatThrownBy(() -> next(g)).isInstanceOf(StopIteration.class);
        }

        /** The close part (a custom iterator's close() asserting gi_running) has no counterpart: see the table. */
        @Test
        void test_delegating_generators_claim_to_be_running() {
            AtomicReference<Generator<Object, Integer>> g1 = new AtomicReference<>();
            Supplier<Generator<Object, Integer>> two = () -> Coro.generator(y -> {
                y.yield(1);
                try {
                    y.yieldAll(g1.get());
                } catch (IllegalStateException alreadyRunning) {
                    // Python: ValueError, generator already executing
                }
                y.yield(2);
            });
            Supplier<Generator<Object, Integer>> one = () -> Coro.generator(y -> {
                y.yield(0);
                y.yieldAll(two.get());
                y.yield(3);
            });
            g1.set(one.get());
            assertThat(list(g1.get())).containsExactly(0, 1, 2, 3);

            g1.set(one.get());
            List<Integer> res = new CopyOnWriteArrayList<>();
            res.add(next(g1.get()));
            try {
                while (true) res.add(g1.get().send(42));
            } catch (StopIteration e) {
                // the end
            }
            assertThat(res).containsExactly(0, 1, 2, 3);

            class MyErr extends RuntimeException {}
            Supplier<Generator<Object, Integer>> twoThrow = () -> Coro.generator(y -> {
                try {
                    y.yield(1);
                } catch (MyErr e) {
                    // pass
                }
                try {
                    y.yieldAll(g1.get());
                } catch (IllegalStateException alreadyRunning) {
                    // pass
                }
                try {
                    y.yield(2);
                } catch (MyErr e) {
                    // pass
                }
            });
            Supplier<Generator<Object, Integer>> oneThrow = () -> Coro.generator(y -> {
                try {
                    y.yield(0);
                } catch (MyErr e) {
                    // pass
                }
                y.yieldAll(twoThrow.get());
                try {
                    y.yield(3);
                } catch (MyErr e) {
                    // pass
                }
            });
            g1.set(oneThrow.get());
            List<Integer> thrown = new CopyOnWriteArrayList<>();
            thrown.add(next(g1.get()));
            try {
                while (true) thrown.add(g1.get().throwInto(new MyErr()));
            } catch (StopIteration e) {
                // the end
            }
            assertThat(thrown).containsExactly(0, 1, 2, 3);
        }

        /** Issue #15568: a custom iterator's {@code StopIteration(42)} is the delegation's result. */
        @Test
        void test_custom_iterator_return() {
            Object[] ret = {null};
            Generator<Object, Object> gen = Coro.generator(y -> ret[0] = y.yieldAll(new CustomGenerator() {
                @Override
                public @Nullable Object send(@Nullable Object value) {
                    throw new StopIteration(42);
                }
            }));
            list(gen);
            assertThat(ret[0]).isEqualTo(42);
        }

        /** Issue #21209: a value sent to a delegating generator reaches a custom delegate's send unchanged. */
        @Test
        void test_send_tuple_with_custom_generator() {
            Object[] v = {null};
            Generator<Object, Object> g = Coro.generator(y -> y.yieldAll(new CustomGenerator() {
                @Override
                public @Nullable Object send(@Nullable Object what) {
                    if (what != null) v[0] = what;
                    return what == null ? 42 : null;
                }
            }));
            next(g);
            g.send(List.of(1, 2, 3, 4));
            assertThat(v[0]).isEqualTo(List.of(1, 2, 3, 4));
            g.close();
        }
    }

    /** Python's {@code repr} of the values these tests return ({@code None}, {@code StopIteration(v)}). */
    static String repr(@Nullable Object value) {
        if (value == null) {
            return "None";
        }
        if (value instanceof StopIteration stop) {
            return stop.value() == null ? "StopIteration()" : "StopIteration(" + repr(stop.value()) + ")";
        }
        return value.toString();
    }

    /** A Generator implemented by hand, as Python's custom iterators with send(). */
    abstract static class CustomGenerator implements Generator<Object, Object> {
        @Override
        public @Nullable Object throwInto(Throwable error) {
            throw new IllegalStateException(error);
        }

        @Override
        public void close() {}

        @Override
        public Iterator<Object> iterator() {
            throw new UnsupportedOperationException();
        }
    }
}
