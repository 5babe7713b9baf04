package dev.coro.conformance.go;

import static dev.coro.conformance.go.Go.await;
import static dev.coro.conformance.go.Go.go;
import static dev.coro.conformance.go.Go.group;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coro.Channel;
import dev.coro.ChannelClosedException;
import dev.coro.Coro;
import dev.coro.SelectClause;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Go's {@code test/chan/*.go} programs, one method per file (named after it), ported to {@link Channel} and
 * {@link Coro#select}. A Go {@code panic} is a failed assertion; Go's nil channel in a select is a clause left out.
 * docs/peer-tests.md lists the files that do not apply.
 */
@Tag("conformance")
class ChanProgramsTest {

    /** How long an operation that must block is watched: Go's select3.go uses 0.1 s. */
    private static final long BLOCK_MILLIS = 100;

    /** doubleselect.go: two cases of one select never both run (the same value never reaches two channels). */
    @Test
    @Tag("stress")
    void doubleselect() {
        int iterations = Go.SHORT ? 10_000 : 100_000;
        Channel<Integer> c1 = Coro.channel();
        Channel<Integer> c2 = Coro.channel();
        Channel<Integer> c3 = Coro.channel();
        Channel<Integer> c4 = Coro.channel();
        Channel<Integer> cmux = Coro.channel();
        List<CompletableFuture<Void>> wg = group();
        wg.add(go(() -> {
            try {
                for (int i = 0; i < iterations; i++) {
                    Coro.select(
                            c1.onSend(i, () -> null),
                            c2.onSend(i, () -> null),
                            c3.onSend(i, () -> null),
                            c4.onSend(i, () -> null));
                }
            } finally {
                c1.done();
                c2.done();
                c3.done();
                c4.done();
            }
        }));
        AtomicInteger open = new AtomicInteger(4);
        for (Channel<Integer> in : List.of(c1, c2, c3, c4)) {
            wg.add(go(() -> {
                for (int v : in) {
                    cmux.send(v);
                }
                if (open.decrementAndGet() == 0) {
                    cmux.done();
                }
            }));
        }
        Set<Integer> seen = new HashSet<>();
        for (int v : cmux) {
            assertThat(seen.add(v)).as("got duplicate value: %d", v).isTrue();
        }
        await(wg);
        assertThat(seen).hasSize(iterations);
    }

    /** fifo.go: AsynchFifo (a buffered channel) and SynchFifo (a daisy chain of coroutines) keep FIFO order. */
    @Test
    void fifo() {
        int n = 10;
        Channel<Integer> ch = Coro.channel(n);
        for (int i = 0; i < n; i++) {
            ch.send(i);
        }
        for (int i = 0; i < n; i++) {
            assertThat(ch.receive()).isEqualTo(i);
        }

        Channel<Integer> values = Coro.channel();
        Channel<Integer> start = Coro.channel();
        Channel<Integer> in = start;
        List<CompletableFuture<Void>> chain = group();
        for (int i = 0; i < n; i++) {
            Channel<Integer> out = Coro.channel();
            Channel<Integer> previous = in;
            int val = i;
            chain.add(go(() -> {
                previous.receive();
                assertThat(values.receive()).isEqualTo(val);
                out.send(1);
            }));
            in = out;
        }
        start.send(0);
        for (int i = 0; i < n; i++) {
            values.send(i);
        }
        in.receive();
        await(chain);
    }

    /** goroutines.go: a chain of 10,000 coroutines, each passing one value from its right to its left neighbour. */
    @Test
    void goroutines() {
        int n = 10_000;
        Channel<Integer> leftmost = Coro.channel();
        Channel<Integer> left = leftmost;
        Channel<Integer> right = leftmost;
        List<CompletableFuture<Void>> all = group();
        for (int i = 0; i < n; i++) {
            right = Coro.channel();
            Channel<Integer> l = left;
            Channel<Integer> r = right;
            all.add(go(() -> l.send(r.receive())));
            left = right;
        }
        Channel<Integer> last = right;
        all.add(go(() -> last.send(1)));
        assertThat(leftmost.receive()).isEqualTo(1);
        await(all);
    }

    /**
     * nonblock.go: non-blocking sends and receives ({@code ok = c <- v}, {@code v, ok = <-c} of early Go, a select
     * with a default today) fail on an empty or full channel and succeed once the other side waits.
     */
    @Test
    void nonblock() throws Exception {
        for (int buffer = 0; buffer < 2; buffer++) {
            for (Object[] pair : new Object[][] {{123, 234}, {123456L, 234567L}, {true, false}, {"hello", "hi"}}) {
                Channel<Object> c = Coro.channel(buffer);
                Channel<Boolean> sync = Coro.channel();
                assertThat(tryReceive(c))
                        .as("blocked sender, buffer=%d", buffer)
                        .isNull();

                Object sent = pair[0];
                CompletableFuture<Void> receiver = go(() -> {
                    assertThat(c.receive()).isEqualTo(sent);
                    sync.send(true);
                });
                boolean ok = false;
                while (!ok) { // Go sleeps until the receiver waits; we retry until it does
                    ok = Objects.requireNonNull(
                            Coro.<Boolean>select(c.onSend(sent, () -> true), SelectClause.orElse(() -> false)));
                    Thread.sleep(1);
                }
                sync.receive();
                await(receiver);

                Object back = pair[1];
                int b = buffer;
                CompletableFuture<Void> sender = go(() -> {
                    c.send(back);
                    sync.send(true);
                });
                if (b > 0) {
                    sync.receive();
                }
                Object got = null;
                while (got == null) {
                    got = tryReceive(c);
                    Thread.sleep(1);
                }
                assertThat(got).isEqualTo(back);
                if (b == 0) {
                    sync.receive();
                }
                await(sender);
            }
        }
    }

    private static Object tryReceive(Channel<Object> c) {
        return Coro.select(c.onReceive(v -> v), SelectClause.orElse(() -> null));
    }

    /** select.go: a select with a default takes each ready send once; a send leaves its select afterwards. */
    @Test
    void select() {
        AtomicInteger counter = new AtomicInteger();
        Channel<Integer> a = Coro.channel(1);
        Channel<Integer> b = Coro.channel(1);
        assertThat(send(a, b, counter)).isEqualTo(2);
        assertThat(a.receive() | b.receive()).as("bad values").isEqualTo(3);
        assertThat(send(a, null, counter)).isEqualTo(1);
        // Two values evaluated per select: 3 selects in the first send, 2 in the second.
        assertThat(counter.get()).isEqualTo(10);
    }

    private static int send(Channel<Integer> a0, Channel<Integer> b0, AtomicInteger counter) {
        Channel<Integer> a = a0;
        Channel<Integer> b = b0;
        int i = 0;
        for (int shift = 0; ; shift++) {
            List<SelectClause<String>> clauses = new ArrayList<>();
            counter.addAndGet(2); // Go evaluates both sends' values, a nil channel's too
            if (a != null) {
                clauses.add(a.onSend(1 << shift, () -> "a"));
            }
            if (b != null) {
                clauses.add(b.onSend(1 << shift, () -> "b"));
            }
            clauses.add(SelectClause.orElse(() -> "default"));
            String won = selectOf(clauses);
            switch (won) {
                case "a" -> a = null;
                case "b" -> b = null;
                default -> {
                    return i;
                }
            }
            i++;
        }
    }

    @SuppressWarnings("unchecked")
    private static String selectOf(List<SelectClause<String>> clauses) {
        return Objects.requireNonNull(Coro.<String>select(clauses.toArray(SelectClause[]::new)));
    }

    /** select3.go: which operations and selects block, never block, or fail (Go's panic). */
    @Test
    void select3() throws Exception {
        Channel<Integer> closedch = Coro.channel();
        closedch.done();
        // sending to an async channel with free buffer space never blocks
        neverBlocks(() -> Coro.<Integer>channel(1).send(7));
        // receiving from a closed channel never blocks
        neverBlocks(() -> {
            for (int i = 0; i < 10; i++) {
                assertThat(closedch.receiveOrNull()).isNull();
            }
        });
        // sending to a closed channel panics
        assertThatThrownBy(() -> closedch.send(7)).isInstanceOf(ChannelClosedException.class);
        // receiving from a non-ready channel always blocks
        alwaysBlocks(() -> Coro.<Integer>channel().receive());
        // selects with non-ready non-nil channels always block
        alwaysBlocks(() -> Coro.select(Coro.<Integer>channel().onReceive(v -> v)));
        // selects with default cases don't block
        neverBlocks(() -> Coro.select(SelectClause.orElse(() -> 0)));
        // selects with ready channels don't block
        neverBlocks(() -> {
            Channel<Integer> ch = Coro.channel(1);
            assertThat(Coro.<String>select(ch.onSend(7, () -> "sent"), SelectClause.orElse(() -> "default")))
                    .isEqualTo("sent");
        });
        neverBlocks(() -> {
            Channel<Integer> ch = Coro.channel(1);
            ch.send(7);
            assertThat(Coro.<String>select(ch.onReceive(v -> "received"), SelectClause.orElse(() -> "default")))
                    .isEqualTo("received");
        });
        // selects with closed channels behave like ordinary operations (here: they throw, see the class comment)
        neverBlocks(() -> assertThatThrownBy(() -> Coro.select(closedch.onReceive(v -> v)))
                .isInstanceOf(ChannelClosedException.class));
        assertThatThrownBy(() -> Coro.select(closedch.onSend(7, () -> 0))).isInstanceOf(ChannelClosedException.class);
        // select should not get confused if it sees itself
        alwaysBlocks(() -> {
            Channel<Integer> c = Coro.channel();
            Coro.select(c.onSend(1, () -> 0), c.onReceive(v -> v));
        });
    }

    private static void neverBlocks(Go.Body f) {
        await(go(f));
    }

    private static void alwaysBlocks(Go.Body f) throws InterruptedException {
        CompletableFuture<Void> g = go(f);
        Thread.sleep(BLOCK_MILLIS);
        assertThat(g).as("function did not block").isNotDone();
        g.cancel(true); // cancels the coroutine's subscription: its wait ends with a CancellationException
    }

    /** select4.go: only the winning case's value is taken (Go: only its assignment is evaluated). */
    @Test
    void select4() {
        Channel<Integer> c = Coro.channel(1);
        Channel<Integer> c1 = Coro.channel();
        c.send(42);
        int x = Objects.requireNonNull(Coro.<Integer>select(
                c1.onReceive(v -> {
                    throw new AssertionError("BUG: called f");
                }),
                c.onReceive(v -> v)));
        assertThat(x).isEqualTo(42);
    }

    /**
     * select6.go (Go issue 2075): a select that lost on c1 must not corrupt c1's queue; the waiters queued on c1 after
     * it still wake up.
     */
    @Test
    void select6() {
        Channel<Boolean> c1 = Coro.channel();
        Channel<Boolean> c2 = Coro.channel();
        Channel<Boolean> c3 = Coro.channel();
        List<CompletableFuture<Void>> all = group();
        all.add(go(c1::receive));
        all.add(go(() -> {
            Coro.select(
                    c1.onReceive(v -> {
                        throw new AssertionError("dummy");
                    }),
                    c2.onReceive(v -> {
                        c3.send(true);
                        return v;
                    }));
            c1.receive();
        }));
        all.add(go(() -> c2.send(true)));
        c3.receive();
        c1.send(true);
        c1.send(true);
        await(all);
    }

    /** select7.go: sends meet receives in every combination of plain, one-clause and two-clause selects. */
    @Test
    void select7() {
        List<java.util.function.Consumer<Channel<Integer>>> recvs = List.of(
                c -> c.receive(),
                c -> Coro.select(c.onReceive(v -> v)),
                c -> Coro.select(c.onReceive(v -> v), Coro.<Integer>channel().onReceive(v -> v)));
        for (var recv : recvs) {
            for (int send = 1; send <= 3; send++) {
                Channel<Integer> c = Coro.channel();
                CompletableFuture<Void> g = go(() -> recv.accept(c));
                Thread.yield();
                switch (send) {
                    case 1 -> c.send(1);
                    case 2 -> Coro.select(c.onSend(1, () -> 0));
                    default ->
                        Coro.select(
                                c.onSend(1, () -> 0), Coro.<Integer>channel().onSend(1, () -> 0));
                }
                await(g);
            }
        }
    }

    /** select8.go: one-, two- and three-case selects (with and without a default) against an endless sender. */
    @Test
    void select8() {
        Channel<Integer> ch = Coro.channel();
        CompletableFuture<Void> sender = go(() -> {
            for (; ; ) {
                ch.send(5);
            }
        });
        assertThat(Coro.<Integer>select(ch.onReceive(v -> v))).isEqualTo(5);
        assertThat(Coro.<String>select(SelectClause.orElse(() -> "default"))).isEqualTo("default");
        assertThat(Coro.<Object>select(ch.onReceive(v -> v), SelectClause.orElse(() -> "default")))
                .isIn(5, "default");
        assertThat(Coro.<Object>select(
                        ch.onReceive(v -> v),
                        ch.onSend(10, () -> {
                            throw new AssertionError("unreachable");
                        }),
                        SelectClause.orElse(() -> "default")))
                .isIn(5, "default");
        sender.cancel(true);
    }

    /** sieve1.go (and sieve.go): the concurrent prime sieve, a chain of filter coroutines, yields the primes. */
    @Test
    void sieve1() {
        int[] expected = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97
        };
        Channel<Integer> primes = Coro.channel();
        List<CompletableFuture<Void>> all = group();
        all.add(go(() -> sieve(primes, all)));
        for (int p : expected) {
            assertThat(primes.receive()).isEqualTo(p);
        }
        // The sieve goes on adding filters while it is cancelled: iterate under the lock it adds under.
        synchronized (all) {
            all.forEach(g -> g.cancel(true));
        }
    }

    private static void sieve(Channel<Integer> primes, List<CompletableFuture<Void>> all) {
        Channel<Integer> ch = Coro.channel();
        synchronized (all) {
            all.add(go(() -> {
                for (int i = 2; ; i++) {
                    ch.send(i);
                }
            }));
        }
        Channel<Integer> in = ch;
        for (; ; ) {
            int prime = in.receive();
            primes.send(prime);
            Channel<Integer> out = Coro.channel();
            Channel<Integer> from = in;
            synchronized (all) {
                all.add(go(() -> {
                    for (; ; ) {
                        int i = from.receive();
                        if (i % prime != 0) {
                            out.send(i);
                        }
                    }
                }));
            }
            in = out;
        }
    }
}
