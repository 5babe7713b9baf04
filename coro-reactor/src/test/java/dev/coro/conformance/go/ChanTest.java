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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Go's {@code src/runtime/chan_test.go}, ported to {@link Channel} and {@link Coro#select}: test names kept, one
 * method per Go test (docs/peer-tests.md lists the ones that do not apply). {@code testing.Short()} is the environment
 * variable {@code CI}. Go's zero value from a closed channel is {@code receiveOrNull()}'s {@code null}; a receive
 * clause on a channel that is done throws {@link ChannelClosedException} instead of yielding a zero value (a
 * deliberate difference: our values are objects, and no clause result stands for "closed").
 */
@Tag("conformance")
class ChanTest {

    @Test
    void TestChan() throws Exception {
        int n = Go.SHORT ? 20 : 60;
        for (int chanCap = 0; chanCap < n; chanCap++) {
            int cap = chanCap;
            {
                // Ensure that receive from empty chan blocks.
                Channel<Integer> c = Coro.channel(cap);
                AtomicBoolean recv1 = new AtomicBoolean();
                AtomicBoolean recv2 = new AtomicBoolean();
                List<CompletableFuture<Void>> receivers = group();
                receivers.add(go(() -> {
                    c.receive();
                    recv1.set(true);
                }));
                receivers.add(go(() -> {
                    c.receiveOrNull();
                    recv2.set(true);
                }));
                Go.sleep(1);
                assertThat(recv1.get() || recv2.get())
                        .as("chan[%d]: receive from empty chan", cap)
                        .isFalse();
                // Ensure that non-blocking receive does not block.
                assertThat(Coro.<Boolean>select(c.onReceive(v -> true), SelectClause.orElse(() -> false)))
                        .as("chan[%d]: receive from empty chan", cap)
                        .isFalse();
                c.send(0);
                c.send(0);
                await(receivers);
            }
            {
                // Ensure that send to full chan blocks.
                Channel<Integer> c = Coro.channel(cap);
                for (int i = 0; i < cap; i++) {
                    c.send(i);
                }
                AtomicBoolean sent = new AtomicBoolean();
                CompletableFuture<Void> sender = go(() -> {
                    c.send(0);
                    sent.set(true);
                });
                Go.sleep(1);
                assertThat(sent.get()).as("chan[%d]: send to full chan", cap).isFalse();
                // Ensure that non-blocking send does not block.
                assertThat(Coro.<Boolean>select(c.onSend(0, () -> true), SelectClause.orElse(() -> false)))
                        .as("chan[%d]: send to full chan", cap)
                        .isFalse();
                c.receive();
                await(sender);
            }
            {
                // Ensure that we receive 0 (here: the end) from closed chan.
                Channel<Integer> c = Coro.channel(cap);
                for (int i = 0; i < cap; i++) {
                    c.send(i);
                }
                c.done();
                for (int i = 0; i < cap; i++) {
                    assertThat(c.receive()).as("chan[%d]", cap).isEqualTo(i);
                }
                assertThat(c.receiveOrNull()).as("chan[%d]: v, ok := <-c", cap).isNull();
                assertThatThrownBy(c::receive).isInstanceOf(ChannelClosedException.class);
            }
            {
                // Ensure that close unblocks receive.
                Channel<Integer> c = Coro.channel(cap);
                Channel<Boolean> done = Coro.channel();
                CompletableFuture<Void> receiver = go(() -> done.send(c.receiveOrNull() == null));
                Go.sleep(1);
                c.done();
                assertThat(done.receive())
                        .as("chan[%d]: received non zero from closed chan", cap)
                        .isTrue();
                await(receiver);
            }
            {
                // Send 100 integers, ensure that we receive them non-corrupted in FIFO order.
                Channel<Integer> c = Coro.channel(cap);
                CompletableFuture<Void> sender = go(() -> {
                    for (int i = 0; i < 100; i++) {
                        c.send(i);
                    }
                });
                for (int i = 0; i < 100; i++) {
                    assertThat(c.receive()).as("chan[%d]", cap).isEqualTo(i);
                }
                await(sender);
                // Same, but using recv2.
                sender = go(() -> {
                    for (int i = 0; i < 100; i++) {
                        c.send(i);
                    }
                });
                for (int i = 0; i < 100; i++) {
                    assertThat(c.receiveOrNull()).as("chan[%d]", cap).isEqualTo(i);
                }
                await(sender);
                // Send 1000 integers in 4 coroutines, ensure that we receive what we send.
                int p = 4;
                int l = 1000;
                List<CompletableFuture<Void>> wg = group();
                for (int k = 0; k < p; k++) {
                    wg.add(go(() -> {
                        for (int i = 0; i < l; i++) {
                            c.send(i);
                        }
                    }));
                }
                Channel<Map<Integer, Integer>> done = Coro.channel();
                for (int k = 0; k < p; k++) {
                    wg.add(go(() -> {
                        Map<Integer, Integer> recv = new HashMap<>();
                        for (int i = 0; i < l; i++) {
                            recv.merge(c.receive(), 1, Integer::sum);
                        }
                        done.send(recv);
                    }));
                }
                Map<Integer, Integer> recv = new HashMap<>();
                for (int k = 0; k < p; k++) {
                    done.receive().forEach((key, v) -> recv.merge(key, v, Integer::sum));
                }
                await(wg);
                assertThat(recv).as("chan[%d]: received values", cap).hasSize(l);
                assertThat(recv.values()).as("chan[%d]", cap).containsOnly(p);
            }
            // Test len/cap: not applicable, a Channel has no len or cap (docs/peer-tests.md).
        }
    }

    @Test
    void TestNonblockRecvRace() {
        int n = Go.SHORT ? 100 : 2_000;
        for (int i = 0; i < n; i++) {
            Channel<Integer> c = Coro.channel(1);
            c.send(1);
            CompletableFuture<Void> g = go(() -> {
                boolean ready;
                try {
                    ready = Coro.<Boolean>select(c.onReceive(v -> true), SelectClause.orElse(() -> false));
                } catch (ChannelClosedException closed) {
                    ready = true; // Go's zero value from the closed channel: ready, not the default
                }
                assertThat(ready).as("chan is not ready").isTrue();
            });
            c.done();
            c.receiveOrNull();
            await(g);
        }
    }

    /** Select acts on the state of the channels at one moment, not over a smeared time window. */
    @Test
    void TestNonblockSelectRace() {
        nonblockSelectRace(false);
    }

    /** Same as TestNonblockSelectRace, but close(c2) replaces c2 <- 1. */
    @Test
    void TestNonblockSelectRace2() {
        nonblockSelectRace(true);
    }

    private static void nonblockSelectRace(boolean closeC2) {
        int n = Go.SHORT ? 1_000 : 10_000;
        Channel<Boolean> done = Coro.channel(1);
        for (int i = 0; i < n; i++) {
            Channel<Integer> c1 = Coro.channel(1);
            Channel<Integer> c2 = closeC2 ? Coro.channel() : Coro.channel(1);
            c1.send(1);
            CompletableFuture<Void> g = go(() -> {
                boolean ready;
                try {
                    ready = Coro.<Boolean>select(
                            c1.onReceive(v -> true), c2.onReceive(v -> true), SelectClause.orElse(() -> false));
                } catch (ChannelClosedException closed) {
                    ready = true;
                }
                done.send(ready);
            });
            if (closeC2) {
                c2.done();
            } else {
                c2.send(1);
            }
            Coro.select(c1.onReceive(v -> v), SelectClause.orElse(() -> 0));
            assertThat(done.receive()).as("no chan is ready").isTrue();
            await(g);
        }
    }

    /** Send and receive on the same channel in one select neither crash nor deadlock, and never meet themselves. */
    @Test
    void TestSelfSelect() {
        for (int chanCap : new int[] {0, 10}) {
            Channel<Integer> c = Coro.channel(chanCap);
            List<CompletableFuture<Void>> wg = group();
            for (int p = 0; p < 2; p++) {
                int self = p;
                wg.add(go(() -> {
                    for (int i = 0; i < 1000; i++) {
                        Integer v = self == 0 || i % 2 == 0
                                ? Coro.<Integer>select(c.onSend(self, () -> null), c.onReceive(x -> x))
                                : Coro.<Integer>select(c.onReceive(x -> x), c.onSend(self, () -> null));
                        if (chanCap == 0 && v != null) {
                            assertThat(v).as("self receive").isNotEqualTo(self);
                        }
                    }
                }));
            }
            await(wg);
        }
    }

    /**
     * TestSelectStress: 4 senders and 4 receivers, one per channel, plus one coroutine sending N values into each
     * channel through a single select, and one receiving N from each through a single select, over 2 rendezvous and
     * 2 buffered channels. Nothing may deadlock or livelock. A channel whose N values are done leaves the select, as
     * Go's nil channel does. Repeated, since one run is a few hundred milliseconds ({@code -Dcoro.selectStress.runs=50}
     * for the 50-in-a-row check of docs/peer-tests.md). On jox this hung for good with 2 carriers (defect 1).
     */
    @Test
    @Tag("stress")
    void TestSelectStress() {
        int n = Go.SHORT ? 2_000 : 10_000;
        int runs = Integer.getInteger("coro.selectStress.runs", Go.SHORT ? 3 : 10);
        long start = System.nanoTime();
        for (int run = 0; run < runs; run++) {
            selectStress(n);
        }
        System.out.printf(
                "TestSelectStress: %d runs of N=%d in a row, %d ms, carriers (jdk.virtualThreadScheduler.parallelism) %s%n",
                runs,
                n,
                (System.nanoTime() - start) / 1_000_000,
                System.getProperty("jdk.virtualThreadScheduler.parallelism", "default"));
    }

    static void selectStress(int n) {
        List<Channel<Integer>> c = List.of(Coro.channel(), Coro.channel(), Coro.channel(2), Coro.channel(3));
        List<CompletableFuture<Void>> wg = group();
        for (int k = 0; k < 4; k++) {
            Channel<Integer> ck = c.get(k);
            wg.add(go(() -> {
                for (int i = 0; i < n; i++) {
                    ck.send(0);
                }
            }));
            wg.add(go(() -> {
                for (int i = 0; i < n; i++) {
                    ck.receive();
                }
            }));
        }
        wg.add(go(() -> {
            int[] count = new int[4];
            int[] order = {3, 2, 0, 1};
            for (int i = 0; i < 4 * n; i++) {
                List<SelectClause<Integer>> clauses = new ArrayList<>(4);
                for (int k : order) {
                    if (count[k] < n) {
                        clauses.add(c.get(k).onSend(0, () -> k));
                    }
                }
                count[selectOf(clauses)]++;
            }
        }));
        wg.add(go(() -> {
            int[] count = new int[4];
            for (int i = 0; i < 4 * n; i++) {
                List<SelectClause<Integer>> clauses = new ArrayList<>(4);
                for (int k = 0; k < 4; k++) {
                    if (count[k] < n) {
                        int index = k;
                        clauses.add(c.get(k).onReceive(v -> index));
                    }
                }
                count[selectOf(clauses)]++;
            }
        }));
        await(wg);
    }

    @SuppressWarnings("unchecked")
    static int selectOf(List<SelectClause<Integer>> clauses) {
        Integer won = Coro.<Integer>select(clauses.toArray(SelectClause[]::new));
        return java.util.Objects.requireNonNull(won);
    }

    /**
     * TestSelectFairness: a select over two always-ready buffered channels (and two idle ones) picks each about half
     * the time; 10 sigma is Go's bound, far beyond chance.
     */
    @Test
    void TestSelectFairness() {
        int trials = 10_000;
        Channel<Integer> c1 = Coro.channel(trials + 1);
        Channel<Integer> c2 = Coro.channel(trials + 1);
        for (int i = 0; i < trials + 1; i++) {
            c1.send(1);
            c2.send(2);
        }
        Channel<Integer> c3 = Coro.channel();
        Channel<Integer> c4 = Coro.channel();
        Channel<Integer> out = Coro.channel();
        Channel<Integer> done = Coro.channel();
        CompletableFuture<Void> g = go(() -> {
            for (; ; ) {
                int b = Objects.requireNonNull(Coro.<Integer>select(
                        c3.onReceive(v -> v), c4.onReceive(v -> v), c1.onReceive(v -> v), c2.onReceive(v -> v)));
                if (!Objects.requireNonNull(
                        Coro.<Boolean>select(out.onSend(b, () -> true), done.onReceive(v -> false)))) {
                    return;
                }
            }
        });
        int cnt1 = 0;
        int cnt2 = 0;
        for (int i = 0; i < trials; i++) {
            int b = out.receive();
            switch (b) {
                case 1 -> cnt1++;
                case 2 -> cnt2++;
                default -> throw new AssertionError("unexpected value " + b + " on channel");
            }
        }
        double mean = trials * 0.5;
        double stddev = Math.sqrt(trials * 0.5 * (1 - 0.5));
        assertThat(Math.abs(cnt1 - mean))
                .as("unfair select: in %d trials, results were %d, %d", trials, cnt1, cnt2)
                .isLessThanOrEqualTo(10 * stddev);
        done.send(0);
        await(g);
    }

    @Test
    void TestChanSendInterface() {
        record Mt() {}
        Mt m = new Mt();
        Channel<Object> c = Coro.channel(1);
        c.send(m);
        assertThat(Coro.<Boolean>select(c.onSend(m, () -> true), SelectClause.orElse(() -> false)))
                .isFalse();
        assertThat(Coro.<Boolean>select(
                        c.onSend(m, () -> true), c.onSend(new Mt(), () -> true), SelectClause.orElse(() -> false)))
                .isFalse();
    }

    /** Two send clauses on one channel: both values turn up, a tenth of the time at least (Go's bound). */
    @Test
    void TestPseudoRandomSend() {
        int n = 100;
        for (int chanCap : new int[] {0, n}) {
            Channel<Integer> c = Coro.channel(chanCap);
            int[] l = new int[n];
            CompletableFuture<Void> receiver = go(() -> {
                for (int i = 0; i < n; i++) {
                    Thread.yield(); // runtime.Gosched()
                    l[i] = c.receive();
                }
            });
            for (int i = 0; i < n; i++) {
                Coro.select(c.onSend(1, () -> null), c.onSend(0, () -> null));
            }
            await(receiver);
            int n0 = 0;
            int n1 = 0;
            for (int i : l) {
                n0 += (i + 1) % 2;
                n1 += i;
            }
            assertThat(n0 > n / 10 && n1 > n / 10)
                    .as("Want pseudorandom, got %d zeros and %d ones (chan cap %d)", n0, n1, chanCap)
                    .isTrue();
        }
    }

    @Test
    void TestMultiConsumer() {
        int nwork = 23;
        int niter = Go.SHORT ? 27_182 : 271_828;
        int[] pn = {2, 3, 7, 11, 13, 17, 19, 23, 27, 31};
        Channel<Integer> q = Coro.channel(nwork * 3);
        Channel<Integer> r = Coro.channel(nwork * 3);
        List<CompletableFuture<Void>> wg = group();
        for (int i = 0; i < nwork; i++) {
            int w = i;
            wg.add(go(() -> {
                for (int v : q) {
                    // mess with the fifo-ish nature of range
                    if (pn[w % pn.length] == v) {
                        Thread.yield();
                    }
                    r.send(v);
                }
            }));
        }
        AtomicInteger expect = new AtomicInteger();
        CompletableFuture<Void> feeder = go(() -> {
            for (int i = 0; i < niter; i++) {
                int v = pn[i % pn.length];
                expect.addAndGet(v);
                q.send(v);
            }
            q.done(); // no more work
            await(wg); // workers done
            r.done(); // ... so there can be no more results
        });
        int n = 0;
        long s = 0;
        for (int v : r) {
            n++;
            s += v;
        }
        await(feeder);
        assertThat(n).as("iterations seen").isEqualTo(niter);
        assertThat(s).as("sum").isEqualTo(expect.get());
    }

    /**
     * Channel operations still work while the blocked sender's stack is moved: Go shrinks it in a GC; a parked
     * virtual thread's frames live in a heap stack chunk that the GC moves.
     */
    @Test
    void TestShrinkStackDuringBlockedSend() throws Exception {
        int n = 10;
        Channel<Integer> c = Coro.channel();
        Channel<Boolean> done = Coro.channel();
        CompletableFuture<Void> g = go(() -> {
            for (int i = 0; i < n; i++) {
                c.send(i);
                stackGrowthRecursive(20);
            }
            done.send(true);
        });
        for (int i = 0; i < n; i++) {
            assertThat(c.receive()).as("bad channel read").isEqualTo(i);
            Go.sleep(1);
            System.gc();
        }
        done.receive();
        await(g);
    }

    private static int stackGrowthRecursive(int i) {
        int[] pad = new int[128];
        if (i != 0) {
            return pad[0] + stackGrowthRecursive(i - 1);
        }
        return pad[0];
    }

    /** A coroutine queued twice on one channel by one select (defect 3: jox refused the select). */
    @Test
    void TestSelectDuplicateChannel() throws Exception {
        Channel<Integer> c = Coro.channel();
        Channel<Integer> d = Coro.channel();
        Channel<Integer> e = Coro.channel();
        CompletableFuture<Void> a = go(() -> {
            Coro.select(c.onReceive(v -> v), c.onReceive(v -> v), d.onReceive(v -> v));
            e.send(9);
        });
        Go.sleep(1); // make sure goroutine A gets queued first on c
        CompletableFuture<Void> b = go(c::receive);
        Go.sleep(1); // make sure goroutine B gets queued on c before continuing
        d.send(7); // wake up A, it dequeues itself from c
        e.receive(); // A tells us it's done
        c.send(8); // wake up B: fails if c's queue still held A
        await(List.of(a, b));
    }
}
