package dev.coro.conformance.cpython;

import static dev.coro.conformance.cpython.CPython.assertSameAsPython;
import static dev.coro.conformance.cpython.CPython.list;
import static dev.coro.conformance.cpython.CPython.next;
import static dev.coro.conformance.cpython.TestYieldFromTest.repr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coro.Coro;
import dev.coro.Generator;
import dev.coro.GeneratorExit;
import dev.coro.ReturningGenerator;
import dev.coro.StopIteration;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * CPython's {@code Lib/test/test_generators.py} (Python 3.11): the TestCase methods that map onto two-way generators
 * keep their Python names, and the doctest sections ({@code tut}, {@code pep}, {@code email}, {@code fun},
 * {@code syntax}, {@code conjoin}, {@code coroutine}) are methods named after their section and example. Where the
 * doctest prints, the Java port prints the same lines, checked against the doctest's own output and, when python3 is
 * installed, against what python3 prints for the same program. What does not map (frames, pickling protocol, names,
 * exception contexts, syntax errors) is listed in docs/peer-tests.md with the reason.
 */
@Tag("conformance")
@SuppressWarnings("MethodName")
class TestGeneratorsTest {

    @Nested
    class FinalizationTest {

        /** Issue #23192: {@code return (yield 1)} and its {@code yield from} forms return what was sent. */
        @Test
        void test_lambda_generator() {
            Supplier<ReturningGenerator<Integer, Integer, Integer>> g = () -> Coro.returningGenerator(y -> y.yield(1));
            Supplier<ReturningGenerator<Integer, Integer, Integer>> g2 =
                    () -> Coro.returningGenerator(y -> y.yieldAll(g.get()));
            Supplier<ReturningGenerator<Integer, Integer, Integer>> g3 =
                    () -> Coro.returningGenerator(y -> y.yieldAll(g2.get()));
            for (Supplier<ReturningGenerator<Integer, Integer, Integer>> genFun : List.of(g, g2, g3)) {
                ReturningGenerator<Integer, Integer, Integer> gen = genFun.get();
                assertThat(next(gen)).isEqualTo(1);
                assertThatThrownBy(() -> gen.send(2))
                        .isInstanceOf(StopIteration.class)
                        .satisfies(e -> assertThat(((StopIteration) e).value()).isEqualTo(2));
            }
        }
    }

    @Nested
    class GeneratorTest {

        /** Python: TypeError, and the generator can still start. Ours: IllegalStateException, same afterwards. */
        @Test
        void test_send_non_none_to_new_gen() {
            Generator<Integer, Integer> g = Coro.generator(y -> y.yield(1));
            assertThatThrownBy(() -> g.send(0)).isInstanceOf(IllegalStateException.class);
            assertThat(next(g)).isEqualTo(1);
        }

        /** A generator cannot be pickled: ours is not Serializable. */
        @Test
        void test_pickle() {
            Generator<Object, Integer> g = Coro.generator(y -> y.yield(1));
            assertThat(g).isNotInstanceOf(Serializable.class);
        }

        /** A generator cannot be copied: ours is not Cloneable. */
        @Test
        void test_copy() {
            Generator<Object, Integer> g = Coro.generator(y -> y.yield(1));
            assertThat(g).isNotInstanceOf(Cloneable.class);
        }
    }

    @Nested
    class ExceptionTest {

        /** The behaviour part: an exception thrown in, held across two yields, is rethrown as the same object. */
        @Test
        void test_except_throw() {
            IllegalArgumentException thrown = new IllegalArgumentException();
            Generator<Object, Object> make = Coro.generator(y -> {
                try {
                    y.yield(null);
                } catch (Exception exc) {
                    y.yield(null);
                    y.yield(null);
                    throw exc;
                }
            });
            next(make);
            make.throwInto(thrown);
            next(make);
            assertThatThrownBy(() -> next(make)).isSameAs(thrown);
        }

        /** PEP 479: Python's RuntimeError('generator raised StopIteration') is our IllegalStateException. */
        @Test
        void test_stopiteration_error() {
            Generator<Object, Object> gen = Coro.generator(y -> {
                throw new StopIteration(null);
            });
            assertThatThrownBy(() -> next(gen))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("raised StopIteration")
                    .hasCauseInstanceOf(StopIteration.class);
        }

        @Test
        void test_tutorial_stopiteration() {
            Generator<Object, Integer> g = Coro.generator(y -> {
                y.yield(1);
                if (TestGeneratorsTest.g() != null) throw new StopIteration(null);
                y.yield(2); // never reached
            });
            assertThat(next(g)).isEqualTo(1);
            assertThatThrownBy(() -> next(g))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("raised StopIteration");
        }

        @Test
        void test_return_tuple() {
            ReturningGenerator<Object, Integer, Object> gen = Coro.returningGenerator(y -> y.yield(1));
            assertThat(next(gen)).isEqualTo(1);
            assertThatThrownBy(() -> gen.send(List.of(2)))
                    .isInstanceOf(StopIteration.class)
                    .satisfies(e -> assertThat(((StopIteration) e).value()).isEqualTo(List.of(2)));
        }

        @Test
        void test_return_stopiteration() {
            ReturningGenerator<Object, Integer, Object> gen = Coro.returningGenerator(y -> y.yield(1));
            assertThat(next(gen)).isEqualTo(1);
            assertThatThrownBy(() -> gen.send(new StopIteration(2)))
                    .isInstanceOf(StopIteration.class)
                    .satisfies(e -> assertThat(((StopIteration) e).value())
                            .isInstanceOf(StopIteration.class)
                            .satisfies(
                                    v -> assertThat(((StopIteration) v).value()).isEqualTo(2)));
        }
    }

    @Nested
    class GeneratorThrowTest {

        @Test
        void test_throw_after_none_exc_type() {
            Generator<Object, Object> gen = Coro.generator(y -> {
                try {
                    throw new java.util.NoSuchElementException("KeyError");
                } catch (java.util.NoSuchElementException e) {
                    // pass
                }
                try {
                    y.yield(null);
                } catch (Exception e) {
                    throw new RuntimeException();
                }
            });
            gen.send(null);
            assertThatThrownBy(() -> gen.throwInto(new IllegalArgumentException()))
                    .isExactlyInstanceOf(RuntimeException.class);
        }
    }

    // ---- the doctests ----

    /** Python's print: arguments separated by a space, None for null. */
    static final class Out {
        private final StringBuffer text = new StringBuffer();

        void print(@Nullable Object... parts) {
            List<String> words = new ArrayList<>();
            for (Object p : parts) words.add(repr(p));
            text.append(String.join(" ", words)).append('\n');
        }

        void printNoNewline(String s) {
            text.append(s);
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }

    @Nested
    class TutorialTests {

        private Generator<Object, Integer> f() {
            return Coro.generator(y -> {
                y.yield(1);
                y.yield(2);
            });
        }

        @Test
        void tut_simple_generator_and_falling_off_the_end() {
            assertThat(list(f())).containsExactly(1, 2);
            Generator<Object, Integer> g = f();
            assertThat(next(g)).isEqualTo(1);
            assertThat(next(g)).isEqualTo(2);
            assertThatThrownBy(() -> next(g)).isInstanceOf(StopIteration.class);
        }

        @Test
        void tut_return_also_stops_the_generator() {
            Generator<Object, Integer> g = Coro.generator(y -> {
                y.yield(1);
                if (g() != null) return;
                y.yield(2); // never reached
            });
            assertThat(next(g)).isEqualTo(1);
            assertThatThrownBy(() -> next(g)).isInstanceOf(StopIteration.class);
            assertThatThrownBy(() -> next(g)).isInstanceOf(StopIteration.class); // once stopped, can't be resumed
        }

        @Test
        void tut_return_and_StopIteration_are_not_exactly_equivalent() {
            Generator<Object, Integer> g1 = Coro.generator(y -> {
                try {
                    if (g() != null) return;
                } catch (Exception e) {
                    y.yield(1);
                }
            });
            assertThat(list(g1)).isEmpty();
            Generator<Object, Integer> g2 = Coro.generator(y -> {
                try {
                    throw new StopIteration(null);
                } catch (Exception e) {
                    y.yield(42);
                }
            });
            assertThat(list(g2)).containsExactly(42);
        }

        @Test
        @SuppressWarnings("finally")
        void tut_this_may_be_surprising_at_first() {
            Generator<Object, Integer> g3 = Coro.generator(y -> {
                try {
                    if (g() != null) return;
                } finally {
                    y.yield(1);
                }
            });
            assertThat(list(g3)).containsExactly(1);
        }

        private Generator<Object, Integer> yrange(int n) {
            return Coro.generator(y -> {
                for (int i = 0; i < n; i++) y.yield(i);
            });
        }

        @Test
        void tut_yrange_and_zrange() {
            assertThat(list(yrange(5))).containsExactly(0, 1, 2, 3, 4);
            Generator<Object, Integer> zrange = Coro.generator(y -> {
                for (Integer i : yrange(5)) y.yield(i);
            });
            assertThat(list(zrange)).containsExactly(0, 1, 2, 3, 4);
        }

        @Test
        void tut_generators_always_return_to_the_most_recent_caller() throws Exception {
            Out out = new Out();
            Supplier<Generator<Object, Integer>> creator = () -> {
                Generator<Object, Integer> r = yrange(5);
                out.print("creator", next(r));
                return r;
            };
            Runnable caller = () -> {
                for (Integer i : creator.get()) out.print("caller", i);
            };
            caller.run();
            assertSameAsPython(out.toString(), """
                    creator 0
                    caller 1
                    caller 2
                    caller 3
                    caller 4
                    """, """
                    def yrange(n):
                        for i in range(n):
                            yield i
                    def creator():
                        r = yrange(5)
                        print("creator", next(r))
                        return r
                    def caller():
                        r = creator()
                        for i in r:
                            print("caller", i)
                    caller()
                    """);
        }
    }

    /** A value the compiler cannot see through, so that "return; yield 2 # never reached" compiles in Java. */
    static @Nullable Object g() {
        return Boolean.TRUE;
    }

    @Nested
    class PepTests {

        /** Python's ValueError: generator already executing; ours is IllegalStateException. */
        @Test
        void pep_a_generator_cannot_be_resumed_while_it_is_actively_running() {
            AtomicReference<Generator<Object, Object>> me = new AtomicReference<>();
            me.set(Coro.generator(y -> {
                Object i = next(me.get());
                y.yield(i);
            }));
            assertThatThrownBy(() -> next(me.get()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already running");
        }

        @Test
        void pep_generators_and_exception_propagation() {
            IntFunction<Integer> f = zero -> 1 / zero;
            Generator<Object, Integer> k = Coro.generator(y -> {
                y.yield(f.apply(0)); // the zero division exception propagates
                y.yield(42); // and we'll never get here
            });
            assertThatThrownBy(() -> next(k)).isInstanceOf(ArithmeticException.class);
            assertThatThrownBy(() -> next(k)).isInstanceOf(StopIteration.class); // and the generator cannot be resumed
        }

        @Test
        void pep_try_except_finally() {
            Generator<Object, Integer> f = Coro.generator(y -> {
                try {
                    y.yield(1);
                    try {
                        y.yield(2);
                        int zero = 0;
                        int unused = 1 / zero;
                        y.yield(3 + unused); // never get here
                    } catch (ArithmeticException e) {
                        y.yield(4);
                        y.yield(5);
                        throw e;
                    } catch (Exception e) {
                        y.yield(6);
                    }
                    y.yield(7); // the "raise" above stops this
                } catch (Exception e) {
                    y.yield(8);
                }
                y.yield(9);
                try {
                    int x = 12;
                } finally {
                    y.yield(10);
                }
                y.yield(11);
            });
            assertThat(list(f)).containsExactly(1, 2, 4, 5, 8, 9, 10, 11);
        }

        record Tree(
                String label, @Nullable Tree left, @Nullable Tree right) {}

        private static @Nullable Tree tree(String list) {
            int n = list.length();
            if (n == 0) {
                return null;
            }
            int i = n / 2;
            return new Tree(String.valueOf(list.charAt(i)), tree(list.substring(0, i)), tree(list.substring(i + 1)));
        }

        private static Generator<Object, String> inorder(@Nullable Tree t) {
            return Coro.generator(y -> {
                if (t != null) {
                    for (String x : inorder(t.left())) y.yield(x);
                    y.yield(t.label());
                    for (String x : inorder(t.right())) y.yield(x);
                }
            });
        }

        private static Generator<Object, String> inorderNonRecursive(@Nullable Tree start) {
            return Coro.generator(y -> {
                Deque<Tree> stack = new ArrayDeque<>();
                Tree node = start;
                while (node != null) {
                    while (node.left() != null) {
                        stack.push(node);
                        node = node.left();
                    }
                    y.yield(node.label());
                    while (node.right() == null) {
                        if (stack.isEmpty()) {
                            return;
                        }
                        node = stack.pop();
                        y.yield(node.label());
                    }
                    node = node.right();
                }
            });
        }

        @Test
        void pep_guidos_binary_tree_example() throws Exception {
            Tree t = tree("ABCDEFGHIJKLMNOPQRSTUVWXYZ");
            Out out = new Out();
            for (String x : inorder(t)) out.printNoNewline(" " + x);
            out.printNoNewline("\n");
            for (String x : inorderNonRecursive(t)) out.printNoNewline(" " + x);
            out.printNoNewline("\n");
            String line = " A B C D E F G H I J K L M N O P Q R S T U V W X Y Z\n";
            assertSameAsPython(out.toString(), line + line, """
                    class Tree:
                        def __init__(self, label, left=None, right=None):
                            self.label = label
                            self.left = left
                            self.right = right
                    def tree(list):
                        n = len(list)
                        if n == 0:
                            return []
                        i = n // 2
                        return Tree(list[i], tree(list[:i]), tree(list[i+1:]))
                    def inorder(t):
                        if t:
                            for x in inorder(t.left):
                                yield x
                            yield t.label
                            for x in inorder(t.right):
                                yield x
                    def inorder2(node):
                        stack = []
                        while node:
                            while node.left:
                                stack.append(node)
                                node = node.left
                            yield node.label
                            while not node.right:
                                try:
                                    node = stack.pop()
                                except IndexError:
                                    return
                                yield node.label
                            node = node.right
                    t = tree("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
                    for x in inorder(t):
                        print(' '+x, end='')
                    print()
                    for x in inorder2(t):
                        print(' '+x, end='')
                    print()
                    """);
        }
    }

    @Nested
    class EmailTests {

        @Test
        void email_the_difference_between_yielding_None_and_returning_it() {
            Generator<Object, Object> g = Coro.generator(y -> {
                for (int i = 0; i < 3; i++) y.yield(null);
                y.yield(null);
            });
            assertThat(list(g)).containsExactly(null, null, null, null);
        }

        @Test
        void email_explicitly_raising_StopIteration_acts_like_any_other_exception() {
            Generator<Object, Integer> g = Coro.generator(y -> {
                y.yield(1);
                try {
                    throw new StopIteration(null);
                } catch (Exception e) {
                    y.yield(2);
                }
                y.yield(3);
            });
            assertThat(list(g)).containsExactly(1, 2, 3);
        }

        private static Generator<Object, List<Integer>> gcomb(List<Integer> x, int k) {
            return Coro.generator(y -> {
                if (k > x.size()) {
                    return;
                }
                if (k == 0) {
                    y.yield(new ArrayList<>());
                } else {
                    Integer first = x.get(0);
                    List<Integer> rest = x.subList(1, x.size());
                    for (List<Integer> c : gcomb(rest, k - 1)) {
                        c.add(0, first);
                        y.yield(c);
                    }
                    for (List<Integer> c : gcomb(rest, k)) y.yield(c);
                }
            });
        }

        @Test
        void email_gcomb_all_combinations_of_k_elements() throws Exception {
            Out out = new Out();
            List<Integer> seq = List.of(1, 2, 3, 4);
            for (int k = 0; k < seq.size() + 2; k++) {
                out.printNoNewline(k + "-combs of " + seq + ":\n");
                for (List<Integer> c : gcomb(seq, k)) out.printNoNewline("    " + c + "\n");
            }
            assertSameAsPython(out.toString(), """
                    0-combs of [1, 2, 3, 4]:
                        []
                    1-combs of [1, 2, 3, 4]:
                        [1]
                        [2]
                        [3]
                        [4]
                    2-combs of [1, 2, 3, 4]:
                        [1, 2]
                        [1, 3]
                        [1, 4]
                        [2, 3]
                        [2, 4]
                        [3, 4]
                    3-combs of [1, 2, 3, 4]:
                        [1, 2, 3]
                        [1, 2, 4]
                        [1, 3, 4]
                        [2, 3, 4]
                    4-combs of [1, 2, 3, 4]:
                        [1, 2, 3, 4]
                    5-combs of [1, 2, 3, 4]:
                    """, """
                    def gcomb(x, k):
                        if k > len(x):
                            return
                        if k == 0:
                            yield []
                        else:
                            first, rest = x[0], x[1:]
                            for c in gcomb(rest, k-1):
                                c.insert(0, first)
                                yield c
                            for c in gcomb(rest, k):
                                yield c
                    seq = list(range(1, 5))
                    for k in range(len(seq) + 2):
                        print("%d-combs of %s:" % (k, seq))
                        for c in gcomb(seq, k):
                            print("   ", c)
                    """);
        }
    }

    @Nested
    class FunTests {

        private static <T> List<T> firstn(Generator<?, T> g, int n) {
            List<T> out = new ArrayList<>();
            for (int i = 0; i < n; i++) out.add(g.send(null));
            return out;
        }

        private static Generator<Object, Integer> intsfrom(int start) {
            return Coro.generator(y -> {
                for (int i = start; ; i++) y.yield(i);
            });
        }

        private static Generator<Object, Integer> excludeMultiples(int n, Generator<?, Integer> ints) {
            return Coro.generator(y -> {
                for (Integer i : ints) if (i % n != 0) y.yield(i);
            });
        }

        private static Generator<Object, Integer> sieve(Generator<?, Integer> ints) {
            return Coro.generator(y -> {
                int prime = ints.send(null);
                y.yield(prime);
                for (Integer p : sieve(excludeMultiples(prime, ints))) y.yield(p);
            });
        }

        @Test
        void fun_recursive_sieve_of_eratosthenes() {
            assertThat(firstn(intsfrom(5), 7)).containsExactly(5, 6, 7, 8, 9, 10, 11);
            assertThat(firstn(excludeMultiples(3, intsfrom(1)), 6)).containsExactly(1, 2, 4, 5, 7, 8);
            assertThat(firstn(sieve(intsfrom(2)), 20))
                    .containsExactly(2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71);
        }

        private static Generator<Object, Integer> times(int n, Iterable<Integer> g) {
            return Coro.generator(y -> {
                for (Integer i : g) y.yield(n * i);
            });
        }

        private static Generator<Object, Integer> merge(Generator<?, Integer> g, Generator<?, Integer> h) {
            return Coro.generator(y -> {
                int ng = g.send(null);
                int nh = h.send(null);
                while (true) {
                    if (ng < nh) {
                        y.yield(ng);
                        ng = g.send(null);
                    } else if (ng > nh) {
                        y.yield(nh);
                        nh = h.send(null);
                    } else {
                        y.yield(ng);
                        ng = g.send(null);
                        nh = h.send(null);
                    }
                }
            });
        }

        /** The doctest's LazyList: the values a generator produced so far, fetched on demand. */
        static final class LazyList implements Iterable<Integer> {
            private final List<Integer> sofar = new CopyOnWriteArrayList<>();
            private @Nullable Generator<?, Integer> fetch;

            int get(int i) {
                while (i >= sofar.size())
                    sofar.add(java.util.Objects.requireNonNull(fetch).send(null));
                return sofar.get(i);
            }

            @Override
            public java.util.Iterator<Integer> iterator() {
                return new java.util.Iterator<>() {
                    int i;

                    @Override
                    public boolean hasNext() {
                        return true;
                    }

                    @Override
                    public Integer next() {
                        return get(i++);
                    }
                };
            }
        }

        @Test
        void fun_m235_hamming_numbers_with_a_LazyList() {
            LazyList m235 = new LazyList();
            m235.fetch = Coro.generator(y -> {
                y.yield(1);
                for (Integer i : merge(merge(times(2, m235), times(3, m235)), times(5, m235))) y.yield(i);
            });
            List<List<Integer>> rows = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                List<Integer> row = new ArrayList<>();
                for (int j = 15 * i; j < 15 * (i + 1); j++) row.add(m235.get(j));
                rows.add(row);
            }
            assertThat(rows)
                    .containsExactly(
                            List.of(1, 2, 3, 4, 5, 6, 8, 9, 10, 12, 15, 16, 18, 20, 24),
                            List.of(25, 27, 30, 32, 36, 40, 45, 48, 50, 54, 60, 64, 72, 75, 80),
                            List.of(81, 90, 96, 100, 108, 120, 125, 128, 135, 144, 150, 160, 162, 180, 192),
                            List.of(200, 216, 225, 240, 243, 250, 256, 270, 288, 300, 320, 324, 360, 375, 384),
                            List.of(400, 405, 432, 450, 480, 486, 500, 512, 540, 576, 600, 625, 640, 648, 675));
        }

        @Test
        void fun_fibonacci_LazyList_style() {
            LazyList fib = new LazyList();
            fib.fetch = Coro.generator(y -> {
                y.yield(1);
                y.yield(2);
                java.util.Iterator<Integer> head = fib.iterator();
                java.util.Iterator<Integer> tail = fib.iterator();
                tail.next(); // throw first away
                while (true) y.yield(head.next() + tail.next());
            });
            List<Integer> first = new ArrayList<>();
            for (int i = 0; i < 17; i++) first.add(fib.get(i));
            assertThat(first).containsExactly(1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 377, 610, 987, 1597, 2584);
        }
    }

    @Nested
    class SyntaxTests {

        @Test
        void syntax_nested_try_except_finally_yields() {
            Generator<Object, Integer> f = Coro.generator(y -> {
                try {
                    try {
                        y.yield(12);
                        int zero = 0;
                        int unused = 1 / zero;
                    } catch (ArithmeticException e) {
                        y.yield(666);
                    } catch (Exception e) {
                        try {
                            int x = 12;
                        } finally {
                            y.yield(12);
                        }
                    }
                } catch (Exception e) {
                    return;
                }
            });
            assertThat(list(f)).containsExactly(12, 666);
        }

        /** SF bug 567538: continue inside try with a yield in finally. */
        @Test
        void syntax_continue_in_try_with_yield_in_finally() {
            Generator<Object, Integer> g = Coro.generator(y -> {
                for (int i = 0; i < 3; i++) {
                    try {
                        continue;
                    } finally {
                        y.yield(i);
                    }
                }
            });
            assertThat(next(g)).isEqualTo(0);
            assertThat(next(g)).isEqualTo(1);
            assertThat(next(g)).isEqualTo(2);
            assertThatThrownBy(() -> next(g)).isInstanceOf(StopIteration.class);
        }
    }

    @Nested
    class ConjoinTests {

        /** The doctest's simple_conjoin: nested loops over generators, the same values list yielded each time. */
        private static Generator<Object, int[]> simpleConjoin(List<Supplier<Iterable<Integer>>> gs) {
            int[] values = new int[gs.size()];
            Function<Integer, Generator<Object, int[]>>[] gen = holder();
            gen[0] = i -> Coro.generator(y -> {
                if (i >= gs.size()) {
                    y.yield(values);
                } else {
                    for (Integer v : gs.get(i).get()) {
                        values[i] = v;
                        for (int[] x : gen[0].apply(i + 1)) y.yield(x);
                    }
                }
            });
            return gen[0].apply(0);
        }

        @SuppressWarnings("unchecked")
        private static <T> Function<Integer, T>[] holder() {
            return new Function[1];
        }

        private static Supplier<Iterable<Integer>> zeroOne() {
            return () -> Coro.<Object, Integer>generator(y -> {
                y.yield(0);
                y.yield(1);
            });
        }

        @Test
        void conjoin_the_3_bit_binary_numbers_and_gencopy() throws Exception {
            Out out = new Out();
            for (int[] c : simpleConjoin(List.of(zeroOne(), zeroOne(), zeroOne())))
                out.print(java.util.Arrays.toString(c));
            for (int n = 0; n < 10; n++) {
                List<int[]> all = new ArrayList<>();
                List<Supplier<Iterable<Integer>>> gs = new ArrayList<>();
                for (int i = 0; i < n; i++) gs.add(zeroOne());
                for (int[] c : simpleConjoin(gs)) all.add(c.clone());
                out.print(
                        String.valueOf(n),
                        String.valueOf(all.size()),
                        py(java.util.Arrays.equals(all.get(0), new int[n])),
                        py(java.util.Arrays.equals(all.get(all.size() - 1), ones(n))));
            }
            assertSameAsPython(out.toString(), """
                    [0, 0, 0]
                    [0, 0, 1]
                    [0, 1, 0]
                    [0, 1, 1]
                    [1, 0, 0]
                    [1, 0, 1]
                    [1, 1, 0]
                    [1, 1, 1]
                    0 1 True True
                    1 2 True True
                    2 4 True True
                    3 8 True True
                    4 16 True True
                    5 32 True True
                    6 64 True True
                    7 128 True True
                    8 256 True True
                    9 512 True True
                    """, """
                    def simple_conjoin(gs):
                        values = [None] * len(gs)
                        def gen(i):
                            if i >= len(gs):
                                yield values
                            else:
                                for values[i] in gs[i]():
                                    for x in gen(i+1):
                                        yield x
                        for x in gen(0):
                            yield x
                    for c in simple_conjoin([lambda: iter((0, 1))] * 3):
                        print(c)
                    def gencopy(iterator):
                        for x in iterator:
                            yield x[:]
                    for n in range(10):
                        all = list(gencopy(simple_conjoin([lambda: iter((0, 1))] * n)))
                        print(n, len(all), all[0] == [0] * n, all[-1] == [1] * n)
                    """);
        }

        private static String py(boolean b) {
            return b ? "True" : "False";
        }

        private static int[] ones(int n) {
            int[] a = new int[n];
            java.util.Arrays.fill(a, 1);
            return a;
        }

        /** The doctest's Queens: one row generator per row, sharing the bit set of used columns and diagonals. */
        static final class Queens {
            final int n;
            long used;
            final List<Supplier<Iterable<Integer>>> rowgenerators = new ArrayList<>();

            Queens(int n) {
                this.n = n;
                for (int i = 0; i < n; i++) {
                    long[] rowuses = new long[n];
                    for (int j = 0; j < n; j++) {
                        rowuses[j] = (1L << j) | (1L << (n + i - j + n - 1)) | (1L << (n + 2 * n - 1 + i + j));
                    }
                    rowgenerators.add(() -> Coro.<Object, Integer>generator(y -> {
                        for (int j = 0; j < n; j++) {
                            long uses = rowuses[j];
                            if ((uses & used) == 0) {
                                used |= uses;
                                y.yield(j);
                                used &= ~uses;
                            }
                        }
                    }));
                }
            }

            Generator<Object, int[]> solve() {
                used = 0;
                return simpleConjoin(rowgenerators);
            }

            void printsolution(int[] row2col, Out out) {
                String sep = "+" + "-+".repeat(n);
                out.printNoNewline(sep + "\n");
                for (int i = 0; i < n; i++) {
                    String[] squares = new String[n];
                    java.util.Arrays.fill(squares, " ");
                    squares[row2col[i]] = "Q";
                    out.printNoNewline("|" + String.join("|", squares) + "|\n");
                    out.printNoNewline(sep + "\n");
                }
            }
        }

        @Test
        void conjoin_an_8_queens_solver() throws Exception {
            Out out = new Out();
            Queens q = new Queens(8);
            int limit = 2;
            int count = 0;
            for (int[] row2col : q.solve()) {
                count += 1;
                if (count <= limit) {
                    out.printNoNewline("Solution " + count + "\n");
                    q.printsolution(row2col, out);
                }
            }
            out.printNoNewline(count + " solutions in all.\n");
            String expected = """
                    Solution 1
                    +-+-+-+-+-+-+-+-+
                    |Q| | | | | | | |
                    +-+-+-+-+-+-+-+-+
                    | | | | |Q| | | |
                    +-+-+-+-+-+-+-+-+
                    | | | | | | | |Q|
                    +-+-+-+-+-+-+-+-+
                    | | | | | |Q| | |
                    +-+-+-+-+-+-+-+-+
                    | | |Q| | | | | |
                    +-+-+-+-+-+-+-+-+
                    | | | | | | |Q| |
                    +-+-+-+-+-+-+-+-+
                    | |Q| | | | | | |
                    +-+-+-+-+-+-+-+-+
                    | | | |Q| | | | |
                    +-+-+-+-+-+-+-+-+
                    Solution 2
                    +-+-+-+-+-+-+-+-+
                    |Q| | | | | | | |
                    +-+-+-+-+-+-+-+-+
                    | | | | | |Q| | |
                    +-+-+-+-+-+-+-+-+
                    | | | | | | | |Q|
                    +-+-+-+-+-+-+-+-+
                    | | |Q| | | | | |
                    +-+-+-+-+-+-+-+-+
                    | | | | | | |Q| |
                    +-+-+-+-+-+-+-+-+
                    | | | |Q| | | | |
                    +-+-+-+-+-+-+-+-+
                    | |Q| | | | | | |
                    +-+-+-+-+-+-+-+-+
                    | | | | |Q| | | |
                    +-+-+-+-+-+-+-+-+
                    92 solutions in all.
                    """;
            assertThat(out.toString()).isEqualTo(expected);
        }
    }

    @Nested
    class CoroutineTests {

        @Test
        void coroutine_send_throw_and_close_print_what_python_prints() throws Exception {
            Out out = new Out();
            // Sending a value into a started generator.
            Generator<Object, Integer> f1 = Coro.generator(y -> {
                out.print(y.yield(1));
                y.yield(2);
            });
            out.print(next(f1));
            out.print(f1.send(42));
            // Throw conditions.
            Generator<Object, Object> g = Coro.generator(y -> {
                while (true) {
                    try {
                        out.print(y.yield(null));
                    } catch (IllegalArgumentException v) {
                        out.printNoNewline("caught ValueError (" + v.getMessage() + ")\n");
                    }
                }
            });
            next(g);
            g.throwInto(new IllegalArgumentException("xyz"));
            g.send(1);
            try {
                g.throwInto(new UnsupportedOperationException("boom")); // terminate the generator
            } catch (UnsupportedOperationException e) {
                out.print("TypeError", e.getMessage());
            }
            try {
                g.send(2);
            } catch (StopIteration e) {
                out.print("StopIteration");
            }
            try {
                g.throwInto(new IllegalArgumentException("6")); // throw on closed generator
            } catch (IllegalArgumentException e) {
                out.print("ValueError", e.getMessage());
            }
            try {
                Coro.generator(y -> y.yield(null)).throwInto(new IllegalArgumentException("7")); // just opened
            } catch (IllegalArgumentException e) {
                out.print("ValueError", e.getMessage());
            }
            // Closing a generator.
            Supplier<Generator<Object, Object>> exiting = () -> Coro.generator(y -> {
                try {
                    y.yield(null);
                } catch (GeneratorExit e) {
                    out.print("exiting");
                }
            });
            Generator<Object, Object> c = exiting.get();
            next(c);
            c.close();
            c.close(); // should be no-op now
            exiting.get().close(); // close on just-opened generator should be fine
            // GeneratorExit is not caught by except Exception (docs/adr/0006).
            Generator<Object, Object> e = Coro.generator(y -> {
                try {
                    y.yield(null);
                } catch (Exception ex) {
                    out.print("except");
                } finally {
                    out.print("finally");
                }
            });
            next(e);
            e.close();
            // An ill-behaved generator: Python's RuntimeError is our IllegalStateException.
            Generator<Object, Object> ill = Coro.generator(y -> {
                try {
                    y.yield(null);
                } catch (GeneratorExit ex) {
                    y.yield("foo!");
                }
            });
            next(ill);
            try {
                ill.close();
            } catch (IllegalStateException ex) {
                out.print("RuntimeError");
            }
            ill.close();
            // Errors thrown during closing propagate.
            Generator<Object, Object> fie = Coro.generator(y -> {
                try {
                    y.yield(null);
                } catch (GeneratorExit ex) {
                    throw new UnsupportedOperationException("fie!");
                }
            });
            next(fie);
            try {
                fie.close();
            } catch (UnsupportedOperationException ex) {
                out.print("TypeError", ex.getMessage());
            }
            assertSameAsPython(out.toString(), """
                    1
                    42
                    2
                    caught ValueError (xyz)
                    1
                    TypeError boom
                    StopIteration
                    ValueError 6
                    ValueError 7
                    exiting
                    finally
                    RuntimeError
                    TypeError fie!
                    """, """
                    def f():
                        print((yield 1))
                        yield 2
                    g = f()
                    print(next(g))
                    print(g.send(42))
                    def f():
                        while True:
                            try:
                                print((yield))
                            except ValueError as v:
                                print("caught ValueError (%s)" % (v))
                    g = f()
                    next(g)
                    g.throw(ValueError("xyz"))
                    g.send(1)
                    try:
                        g.throw(TypeError("boom"))
                    except TypeError as e:
                        print("TypeError", e)
                    try:
                        g.send(2)
                    except StopIteration:
                        print("StopIteration")
                    try:
                        g.throw(ValueError("6"))
                    except ValueError as e:
                        print("ValueError", e)
                    try:
                        f().throw(ValueError("7"))
                    except ValueError as e:
                        print("ValueError", e)
                    def f():
                        try: yield
                        except GeneratorExit:
                            print("exiting")
                    g = f()
                    next(g)
                    g.close()
                    g.close()
                    f().close()
                    def f():
                        try: yield
                        except Exception:
                            print('except')
                        finally:
                            print('finally')
                    g = f()
                    next(g)
                    g.close()
                    def f():
                        try: yield
                        except GeneratorExit:
                            yield "foo!"
                    g = f()
                    next(g)
                    try:
                        g.close()
                    except RuntimeError:
                        print("RuntimeError")
                    g.close()
                    def f():
                        try: yield
                        except GeneratorExit:
                            raise TypeError("fie!")
                    g = f()
                    next(g)
                    try:
                        g.close()
                    except TypeError as e:
                        print("TypeError", e)
                    """);
        }

        @Test
        void coroutine_yield_by_itself_yields_None() {
            assertThat(list(Coro.generator(y -> y.yield(null)))).containsExactly((Object) null);
        }

        @Test
        void coroutine_a_yield_expression_with_augmented_assignment() {
            List<Integer> seq = new CopyOnWriteArrayList<>();
            Generator<Integer, Object> c = Coro.generator(y -> {
                int count = 0;
                while (count < 200) {
                    count += y.yield(null);
                    seq.add(count);
                }
            });
            next(c);
            assertThat(seq).isEmpty();
            c.send(10);
            assertThat(seq).containsExactly(10);
            c.send(10);
            assertThat(seq).containsExactly(10, 20);
            c.send(10);
            assertThat(seq).containsExactly(10, 20, 30);
            c.close();
        }

        @Test
        void coroutine_yields_as_subscripts_of_an_assignment() {
            int[] data = {1, 2};
            Generator<Integer, String> g = Coro.generator(y -> {
                data[y.yield("a")] = 27; // Python assigns the first target before evaluating the second
                data[y.yield("b")] = 27;
            });
            assertThat(g.send(null)).isEqualTo("a");
            assertThat(data).containsExactly(1, 2);
            assertThat(g.send(0)).isEqualTo("b");
            assertThat(data).containsExactly(27, 2);
            assertThatThrownBy(() -> g.send(1)).isInstanceOf(StopIteration.class);
            assertThat(data).containsExactly(27, 27);
        }
    }
}
