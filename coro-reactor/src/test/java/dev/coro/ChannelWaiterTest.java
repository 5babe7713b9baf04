package dev.coro;

import static dev.coro.ChannelTest.scheduler;
import static dev.coro.ChannelTest.suspendedOn;
import static dev.coro.ChannelTest.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Operators;
import reactor.test.util.RaceTestUtils;
import reactor.util.context.Context;

/**
 * The waiter hand-off of our channels (docs/adr/0005-own-channels.md): a waiter that gives up leaves nothing in any
 * queue, a value is handed over exactly once even when a cancel races the hand-off, one select may use a channel in
 * several clauses (defect 3), and {@code Coro.select} is fair while {@code Coro.selectBiased} is not.
 */
class ChannelWaiterTest {

    private static final boolean CI = System.getenv("CI") != null;

    private static Disposable launch(CoroScheduler scheduler, Runnable body, Context context) {
        return Coro.mono(() -> {
                    body.run();
                    return null;
                })
                .contextWrite(context.put(CoroScheduler.CONTEXT_KEY, scheduler))
                .subscribe(v -> {}, e -> {});
    }

    @Test
    void aCancelledReceiverSenderOrSelectLeavesNothingQueued() {
        CoroScheduler scheduler = scheduler("leaves-nothing-");
        Channel<Integer> a = Coro.channel();
        Channel<Integer> b = Coro.channel(1);
        b.send(0); // full: a send on b waits
        Channel<Integer> c = Coro.channel(2);
        List<Runnable> waits = List.of(
                a::receive,
                () -> a.send(1),
                () -> b.send(1),
                () -> Coro.select(a.onReceive(v -> v), b.onSend(2, () -> 0), c.onReceive(v -> v), c.onReceive(v -> v)));
        List<String> names = List.of("Channel.receive", "Channel.send", "Channel.send", "Coro.select");
        for (int i = 0; i < waits.size(); i++) {
            Disposable d = launch(scheduler, waits.get(i), Context.empty());
            String on = names.get(i);
            waitUntil("suspended in " + on, () -> suspendedOn(scheduler, on));
            assertThat(a.core.queuedNodes() + b.core.queuedNodes() + c.core.queuedNodes())
                    .as("queued while waiting in %s", on)
                    .isPositive();
            d.dispose();
            waitUntil("cancelled coroutine ended", () -> scheduler.activeCount() == 0);
            assertThat(a.core.queuedNodes()).as("a after cancelling %s", on).isZero();
            assertThat(b.core.queuedNodes()).as("b after cancelling %s", on).isZero();
            assertThat(c.core.queuedNodes()).as("c after cancelling %s", on).isZero();
        }
        // Nobody is left to meet: a non-blocking send on the rendezvous channel finds no ghost receiver.
        assertThat(Coro.<Boolean>select(a.onSend(9, () -> true), SelectClause.orElse(() -> false)))
                .isFalse();
        assertThat(b.receive()).isZero();
    }

    /** Go's test/chan/select2.go in spirit: 100,000 selects that lose on {@code dummy} leave no node on it. */
    @Test
    void selectsThatLoseOnAChannelLeaveNoNodesOnIt() {
        int n = CI ? 10_000 : 100_000;
        Channel<Integer> c = Coro.channel();
        Channel<Integer> dummy = Coro.channel();
        Disposable sender = launch(
                scheduler("select2-"),
                () -> {
                    for (int i = 0; i < n; i++) {
                        c.send(1);
                    }
                },
                Context.empty());
        for (int i = 0; i < n; i++) {
            Coro.select(c.onReceive(v -> v), dummy.onReceive(v -> {
                throw new AssertionError("dummy");
            }));
        }
        assertThat(dummy.core.queuedNodes()).isZero();
        assertThat(c.core.queuedNodes()).isZero();
        sender.dispose();
    }

    /** Defect 3: jox refused these selects with an IllegalArgumentException dumping its cell state. */
    @Test
    void oneSelectMaySendAndReceiveOnTheSameChannelAndReceiveTwiceFromIt() {
        Channel<Integer> c = Coro.channel(1);
        assertThat(Coro.<String>select(c.onSend(1, () -> "sent"), c.onReceive(v -> "received " + v)))
                .as("empty: only the send can go")
                .isEqualTo("sent");
        assertThat(Coro.<String>select(c.onSend(2, () -> "sent"), c.onReceive(v -> "received " + v)))
                .as("full: only the receive can go")
                .isEqualTo("received 1");
        c.send(5);
        assertThat(Coro.<String>select(c.onReceive(v -> "first " + v), c.onReceive(v -> "second " + v)))
                .isIn("first 5", "second 5");

        // Rendezvous: a select waiting to send and to receive on one channel never meets itself.
        Channel<Integer> r = Coro.channel();
        CoroScheduler scheduler = scheduler("self-select-");
        AtomicReference<String> outcome = new AtomicReference<>();
        launch(
                scheduler,
                () -> outcome.set(Coro.select(r.onSend(1, () -> "sent"), r.onReceive(v -> "received " + v))),
                Context.empty());
        waitUntil("select suspended", () -> suspendedOn(scheduler, "Coro.select"));
        r.send(7);
        waitUntil("select returned", () -> outcome.get() != null);
        assertThat(outcome.get()).isEqualTo("received 7");
        assertThat(r.core.queuedNodes()).as("its send node left with it").isZero();
    }

    /**
     * 10,000 selects over 3 always-ready clauses: each count is near 10,000 / 3 (sd 47). The bounds are ±15 sd and a
     * chi-square of 150 (2 degrees of freedom: chance far below 1e-30), so only a biased select fails.
     */
    @Test
    void selectPicksUniformlyAmongReadyClausesAndSelectBiasedTakesTheFirst() {
        int trials = 10_000;
        List<Channel<Integer>> channels = List.of(Coro.channel(trials), Coro.channel(trials), Coro.channel(trials));
        for (Channel<Integer> ch : channels) {
            for (int i = 0; i < trials; i++) {
                ch.send(i);
            }
        }
        int[] counts = new int[3];
        for (int i = 0; i < trials; i++) {
            int won = Coro.<Integer>select(
                    channels.get(0).onReceive(v -> 0),
                    channels.get(1).onReceive(v -> 1),
                    channels.get(2).onReceive(v -> 2));
            counts[won]++;
        }
        double expected = trials / 3.0;
        double chiSquare = 0;
        for (int count : counts) {
            assertThat(count).as("counts %s", java.util.Arrays.toString(counts)).isBetween(2_630, 4_040);
            chiSquare += (count - expected) * (count - expected) / expected;
        }
        assertThat(chiSquare)
                .as("chi-square of %s", java.util.Arrays.toString(counts))
                .isLessThan(150);

        Channel<Integer> first = Coro.channel(1);
        Channel<Integer> second = Coro.channel(1);
        for (int i = 0; i < 100; i++) {
            first.send(1);
            second.send(2);
            assertThat(Coro.<Integer>selectBiased(first.onReceive(v -> v), second.onReceive(v -> v)))
                    .isEqualTo(1);
            second.receive();
        }
    }

    /**
     * A cancel racing the hand-off to a waiting receiver: the value is received (the coroutine returns it), or
     * discarded (the receiver was cancelled after it was handed over), or was never sent (the sender's select took
     * its default); never lost, never both, and nothing stays queued.
     */
    @Test
    @Tag("stress")
    void aCancelRacingAHandOffNeitherLosesNorDuplicatesTheValue() {
        int rounds = CI ? 300 : 3_000;
        CoroScheduler scheduler = scheduler("handoff-race-");
        for (int round = 0; round < rounds; round++) {
            boolean viaSelect = round % 2 == 1;
            Channel<Integer> ch = Coro.channel();
            List<Object> discarded = new CopyOnWriteArrayList<>();
            AtomicReference<Integer> received = new AtomicReference<>();
            Disposable receiver = launch(
                    scheduler,
                    () -> received.set(
                            viaSelect ? Coro.<Integer>select(ch.onReceive(Function.identity())) : ch.receive()),
                    Operators.enableOnDiscard(Context.empty(), discarded::add));
            String on = viaSelect ? "Coro.select" : "Channel.receive";
            waitUntil("receiver suspended", () -> suspendedOn(scheduler, on));
            AtomicBoolean sent = new AtomicBoolean();
            int value = round;
            RaceTestUtils.race(
                    receiver::dispose,
                    () -> sent.set(
                            Coro.<Boolean>select(ch.onSend(value, () -> true), SelectClause.orElse(() -> false))));
            waitUntil("receiver ended", () -> scheduler.activeCount() == 0);
            int outcomes = (received.get() != null ? 1 : 0) + discarded.size();
            assertThat(outcomes)
                    .as("round %d: sent %s, received %s, discarded %s", round, sent, received, discarded)
                    .isEqualTo(sent.get() ? 1 : 0);
            assertThat(ch.core.queuedNodes()).as("round %d: queued", round).isZero();
        }
    }

    /** A Mono clause racing a channel clause: exactly one wins; a value the losing Mono delivered is discarded once. */
    @Test
    @Tag("stress")
    void aMonoRacingAChannelInASelectDecidesOnce() {
        int rounds = CI ? 300 : 3_000;
        for (int round = 0; round < rounds; round++) {
            Channel<Integer> ch = Coro.channel(1);
            List<Object> discarded = new CopyOnWriteArrayList<>();
            reactor.core.publisher.Sinks.One<String> sink = reactor.core.publisher.Sinks.one();
            AtomicReference<Object> won = new AtomicReference<>();
            AtomicReference<Throwable> failed = new AtomicReference<>();
            CoroScheduler scheduler = scheduler("mono-race-");
            launch(
                    scheduler,
                    () -> {
                        try {
                            won.set(Coro.<Object>select(
                                    ch.onReceive(v -> v), SelectClause.onMono(sink.asMono(), s -> s)));
                        } catch (Throwable e) {
                            failed.set(e);
                        }
                    },
                    Operators.enableOnDiscard(Context.empty(), discarded::add));
            int value = round;
            RaceTestUtils.race(() -> ch.send(value), () -> sink.tryEmitValue("mono"));
            waitUntil("select ended", () -> scheduler.activeCount() == 0);
            assertThat(failed.get()).isNull();
            Object w = won.get();
            assertThat(w).isIn(value, "mono");
            if ("mono".equals(w)) {
                assertThat(ch.receive())
                        .as("the channel value stays in the channel")
                        .isEqualTo(value);
                assertThat(discarded).isEmpty();
            } else {
                // The Mono was cancelled: before its value (nothing delivered) or after it (discarded, once).
                assertThat(discarded).isSubsetOf("mono").hasSizeLessThanOrEqualTo(1);
            }
            assertThat(ch.core.queuedNodes()).isZero();
        }
    }
}
