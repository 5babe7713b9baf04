package dev.coro;

import static dev.coro.ChannelTest.scheduler;
import static dev.coro.ChannelTest.suspendedOn;
import static dev.coro.ChannelTest.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import reactor.test.publisher.PublisherProbe;
import reactor.util.context.Context;

class SelectTest {

    @Test
    void theReadyChannelWinsAndTheOtherKeepsItsValues() {
        Channel<Integer> numbers = Coro.channel(4);
        Channel<String> words = Coro.channel(4);
        words.send("hello");
        String r = Coro.select(numbers.onReceive(n -> "number " + n), words.onReceive(w -> "word " + w));
        assertThat(r).isEqualTo("word hello");
        numbers.send(1);
        numbers.send(2);
        words.send("again");
        // Both ready: selectBiased takes the earlier clause (Coro.select would pick at random), and only one value is
        // taken.
        assertThat(Coro.<Object>selectBiased(numbers.onReceive(n -> "number " + n), words.onReceive(w -> "word " + w)))
                .isEqualTo("number 1");
        assertThat(numbers.receive()).isEqualTo(2);
        assertThat(words.receive()).isEqualTo("again");
    }

    @Test
    void selectSuspendsUntilAClauseIsReadyAndASendClauseCanWin() {
        Channel<String> in = Coro.channel();
        Channel<String> out = Coro.channel();
        Trail trail = new Trail();
        CoroScheduler scheduler = scheduler("select-");
        Disposable selecting = Coro.mono(() -> {
                    trail.add("select: waiting");
                    String r = Coro.select(in.onReceive(v -> "received " + v), out.onSend("ping", () -> "sent"));
                    trail.add("select: " + r);
                    return null;
                })
                .contextWrite(Context.of(CoroScheduler.CONTEXT_KEY, scheduler))
                .subscribe();
        waitUntil("select suspended", () -> suspendedOn(scheduler, "Coro.select"));
        trail.add("main: receiving from out");
        assertThat(out.receive()).isEqualTo("ping");
        waitUntil("select returned", () -> trail.steps().size() == 3);
        assertThat(trail.steps()).containsExactly("select: waiting", "main: receiving from out", "select: sent");
        selecting.dispose();
    }

    @Test
    void aParkedSelectOfferingTwoValuesOnOneChannelHandsOverEitherAndABiasedOneTheFirst() {
        // Go's TestPseudoRandomSend only sometimes reaches the queued path; here every round does: the receiver
        // comes after the select parked, so what it gets depends on the order the select queued its clauses in.
        CoroScheduler scheduler = scheduler("queued-select-");
        int rounds = 200;
        int[] fair = new int[2];
        int[] biased = new int[2];
        for (int round = 0; round < 2 * rounds; round++) {
            boolean isFair = round % 2 == 0;
            Channel<Integer> c = Coro.channel();
            Disposable selecting = Coro.mono(() -> isFair
                            ? Coro.select(c.onSend(1, () -> 1), c.onSend(0, () -> 0))
                            : Coro.selectBiased(c.onSend(1, () -> 1), c.onSend(0, () -> 0)))
                    .contextWrite(Context.of(CoroScheduler.CONTEXT_KEY, scheduler))
                    .subscribe();
            waitUntil("select parked", () -> suspendedOn(scheduler, "Coro.select"));
            (isFair ? fair : biased)[c.receive()]++;
            waitUntil("select returned", () -> scheduler.coroutines().isEmpty());
            selecting.dispose();
        }
        assertThat(fair[0])
                .as("zeros of a fair select, %s", List.of(fair[0], fair[1]))
                .isGreaterThan(rounds / 10);
        assertThat(fair[1])
                .as("ones of a fair select, %s", List.of(fair[0], fair[1]))
                .isGreaterThan(rounds / 10);
        assertThat(biased[1]).as("a biased select queues in declaration order").isEqualTo(rounds);
    }

    @Test
    void theFirstMonoWinsAndTheLosersAreCancelled() {
        PublisherProbe<String> slow = PublisherProbe.of(Mono.never());
        Channel<String> idle = Coro.channel();
        String r = Coro.select(
                SelectClause.onMono(slow.mono(), v -> "slow"),
                idle.onReceive(v -> "channel"),
                SelectClause.onMono(Mono.delay(Duration.ofMillis(20)).thenReturn("fast"), v -> "won by " + v));
        assertThat(r).isEqualTo("won by fast");
        slow.assertWasSubscribed();
        slow.assertWasCancelled();
        assertThat(Coro.<Object>select(SelectClause.onMono(Mono.<String>empty(), v -> "empty gives " + v)))
                .isEqualTo("empty gives null");
    }

    @Test
    void aLosingMonosValueIsDiscardedAndALosingPermitReleased() {
        Channel<String> ready = Coro.channel(1);
        ready.send("v");
        Mutex mutex = Coro.mutex();
        // Both Monos have their value before the select looks; the channel, first in order, wins (selectBiased).
        assertThat(Coro.<String>selectBiased(
                        ready.onReceive(v -> "channel won"), SelectClause.onMono(mutex.permit(), p -> "permit won")))
                .isEqualTo("channel won");
        assertThat(mutex.isLocked()).as("the permit nobody received went back").isFalse();

        List<Object> discarded = new CopyOnWriteArrayList<>();
        ready.send("w");
        String r = Coro.mono(() -> Coro.<String>selectBiased(
                        ready.onReceive(v -> "channel won"), SelectClause.onMono(Mono.just("loser"), v -> v)))
                .doOnDiscard(Object.class, discarded::add)
                .block(Duration.ofSeconds(5));
        assertThat(r).isEqualTo("channel won");
        assertThat(discarded).containsExactly("loser");
    }

    @Test
    void aLosingMonoThatSubscribesLateIsCancelledAtOnce() {
        AtomicReference<Subscriber<? super String>> late = new AtomicReference<>();
        Mono<String> lateMono = Mono.fromDirect(subscriber -> late.set(subscriber));
        Channel<String> ready = Coro.channel(1);
        ready.send("v");
        assertThat(Coro.<String>select(ready.onReceive(v -> v), SelectClause.onMono(lateMono, v -> v)))
                .isEqualTo("v");
        Trail trail = new Trail();
        late.get().onSubscribe(new Subscription() {
            @Override
            public void request(long n) {
                trail.add("request");
            }

            @Override
            public void cancel() {
                trail.add("cancel");
            }
        });
        trail.assertSteps("cancel");
    }

    @Test
    void aMonosErrorIsThrownAsTheSameObject() {
        IllegalStateException failure = new IllegalStateException("backend down");
        PublisherProbe<Object> other = PublisherProbe.of(Mono.never());
        assertThatThrownBy(() -> Coro.select(
                        SelectClause.onMono(other.mono(), v -> 1), SelectClause.onMono(Mono.error(failure), v -> 2)))
                .isSameAs(failure);
        other.assertWasCancelled();
    }

    @Test
    void monoClausesSeeTheCoroutinesContext() {
        String r = Coro.mono(() -> Coro.select(
                        SelectClause.onMono(Mono.deferContextual(c -> Mono.just(c.<String>get("tenant"))), v -> v)))
                .contextWrite(Context.of("tenant", "acme"))
                .block(Duration.ofSeconds(5));
        assertThat(r).isEqualTo("acme");
    }

    @Test
    void theDefaultClauseWinsOnlyWhenNothingIsReady() {
        Channel<Integer> ch = Coro.channel(1);
        assertThat(Coro.<Object>select(ch.onReceive(v -> "got " + v), SelectClause.orElse(() -> "nothing")))
                .isEqualTo("nothing");
        ch.send(5);
        assertThat(Coro.<Object>select(SelectClause.orElse(() -> "nothing"), ch.onReceive(v -> "got " + v)))
                .as("default listed first still loses to a ready channel")
                .isEqualTo("got 5");
        assertThat(Coro.<Object>select(
                        SelectClause.onMono(Mono.just(1), v -> "ready mono"), SelectClause.orElse(() -> "x")))
                .isEqualTo("ready mono");
    }

    @Test
    void theTimeoutClauseRunsOnReactorsTimerAndVirtualTime() {
        Channel<String> never = Coro.channel();
        long start = System.nanoTime();
        assertThat(Coro.<Object>select(
                        never.onReceive(v -> v), SelectClause.onTimeout(Duration.ofMillis(30), () -> "timed out")))
                .isEqualTo("timed out");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(30));

        CoroScheduler scheduler = scheduler("select-vt-");
        StepVerifier.withVirtualTime(() -> Coro.mono(() -> Coro.select(
                                never.onReceive(v -> v), SelectClause.onTimeout(Duration.ofHours(2), () -> "idle")))
                        .contextWrite(Context.of(CoroScheduler.CONTEXT_KEY, scheduler)))
                .expectSubscription()
                .then(() -> waitUntil("select suspended", () -> suspendedOn(scheduler, "Coro.select")))
                .thenAwait(Duration.ofHours(2))
                .expectNext("idle")
                .verifyComplete();
    }

    @Test
    void cancellingTheSelectingCoroutineCancelsItsMonos() {
        PublisherProbe<String> probe = PublisherProbe.of(Mono.never());
        Sinks.One<String> outcome = Sinks.one();
        CoroScheduler scheduler = scheduler("select-cancel-");
        Disposable d = Coro.mono(() -> {
                    try {
                        return Coro.select(SelectClause.onMono(probe.mono(), v -> v));
                    } catch (CancellationException e) {
                        outcome.tryEmitValue("cancelled");
                        throw e;
                    }
                })
                .contextWrite(Context.of(CoroScheduler.CONTEXT_KEY, scheduler))
                .subscribe();
        waitUntil("select suspended", () -> suspendedOn(scheduler, "Coro.select"));
        d.dispose();
        assertThat(outcome.asMono().block(Duration.ofSeconds(5))).isEqualTo("cancelled");
        probe.assertWasCancelled();
    }

    @Test
    void aClosedChannelInASelectThrows() {
        Channel<Integer> done = Coro.channel(1);
        done.done();
        assertThatThrownBy(() -> Coro.select(done.onReceive(v -> v)))
                .isInstanceOf(ChannelClosedException.class)
                .hasMessageContaining("buffered channel(1)");
        Channel<Integer> failed = Coro.channel(1);
        IllegalStateException failure = new IllegalStateException("producer failed");
        failed.error(failure);
        assertThatThrownBy(() -> Coro.select(failed.onReceive(v -> v))).isSameAs(failure);
    }

    @Test
    void badSelectsAreRefused() {
        assertThatThrownBy(() -> Coro.select())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no clauses");
        assertThatThrownBy(() -> Coro.select(SelectClause.orElse(() -> 1), SelectClause.orElse(() -> 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("more than one orElse");
        assertThatThrownBy(() -> SelectClause.onTimeout(Duration.ofSeconds(-1), () -> 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SelectClause.onTimeout(PT-1S)")
                .hasMessageContaining("negative");
    }
}
