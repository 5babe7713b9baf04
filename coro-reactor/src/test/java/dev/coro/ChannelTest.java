package dev.coro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import reactor.test.publisher.TestPublisher;
import reactor.util.context.Context;

class ChannelTest {

    static void waitUntil(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    static boolean suspendedOn(CoroScheduler scheduler, String what) {
        return scheduler.coroutines().stream()
                .anyMatch(c -> c.state() == CoroutineState.SUSPENDED && what.equals(c.awaiting()));
    }

    static CoroScheduler scheduler(String prefix) {
        return CoroScheduler.builder().namePrefix(prefix).build();
    }

    @Test
    void theFluxOfAChannelClosedWithAnErrorFailsWithoutARequest() {
        Channel<String> ch = Coro.unlimitedChannel();
        ch.send("dropped by error()");
        IllegalStateException failure = new IllegalStateException("producer failed");
        ch.error(failure);
        StepVerifier.create(ch.asFlux(), 0)
                .expectErrorSatisfies(e -> assertThat(e).isSameAs(failure))
                .verify(Duration.ofSeconds(5));
    }

    /**
     * A cancel at a random moment of a stream of values: every value taken out of the channel is emitted or discarded
     * (never lost silently), and after cancel() returns at most the one onNext already past the check still arrives.
     */
    @Tag("stress")
    @Test
    void aCancelledFluxEmitsNothingMoreAndDiscardsAValueItHadReceived() {
        int rounds = Integer.getInteger("coro.stress.rounds", System.getenv("CI") != null ? 50 : 100);
        int values = 64;
        CoroScheduler scheduler = scheduler("cancelled-flux-");
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int round = 0; round < rounds; round++) {
            Channel<Integer> ch = Coro.unlimitedChannel();
            for (int i = 0; i < values; i++) ch.send(i);
            AtomicLong emitted = new AtomicLong();
            AtomicLong discarded = new AtomicLong();
            AtomicLong afterCancel = new AtomicLong();
            java.util.concurrent.atomic.AtomicBoolean cancelReturned = new java.util.concurrent.atomic.AtomicBoolean();
            java.util.concurrent.atomic.AtomicReference<org.reactivestreams.Subscription> subscription =
                    new java.util.concurrent.atomic.AtomicReference<>();
            Context context = reactor.core.publisher.Operators.enableOnDiscard(
                    Context.of(CoroScheduler.CONTEXT_KEY, scheduler), v -> discarded.incrementAndGet());
            ch.asFlux().subscribe(new reactor.core.CoreSubscriber<Integer>() {
                @Override
                public Context currentContext() {
                    return context;
                }

                @Override
                public void onSubscribe(org.reactivestreams.Subscription s) {
                    subscription.set(s);
                    s.request(Long.MAX_VALUE);
                }

                @Override
                public void onNext(Integer v) {
                    if (cancelReturned.get()) afterCancel.incrementAndGet();
                    emitted.incrementAndGet();
                    Thread.onSpinWait();
                }

                @Override
                public void onError(Throwable t) {}

                @Override
                public void onComplete() {}
            });
            long spin = random.nextLong(100_000);
            for (long t0 = System.nanoTime(); System.nanoTime() - t0 < spin; ) Thread.onSpinWait();
            subscription.get().cancel();
            cancelReturned.set(true);
            waitUntil("round's coroutine ended", () -> scheduler.activeCount() == 0);
            long left = 0;
            while (Coro.<Integer>select(ch.onReceive(v -> v), SelectClause.orElse(() -> null)) != null) left++;
            assertThat(emitted.get() + discarded.get() + left)
                    .as("round %d: emitted %s, discarded %s, left %d", round, emitted, discarded, left)
                    .isEqualTo(values);
            assertThat(afterCancel.get())
                    .as("round %d: onNext after cancel returned", round)
                    .isLessThanOrEqualTo(1);
        }
    }

    @Test
    void aRendezvousSendSuspendsUntilAReceiverTakesTheValue() {
        Channel<String> ch = Coro.channel();
        Trail trail = new Trail();
        CoroScheduler scheduler = scheduler("rendezvous-");
        Disposable producer = Coro.mono(() -> {
                    trail.add("producer: sending a");
                    ch.send("a");
                    trail.add("producer: a taken");
                    return null;
                })
                .contextWrite(Context.of(CoroScheduler.CONTEXT_KEY, scheduler))
                .subscribe();
        waitUntil("producer suspended in send", () -> suspendedOn(scheduler, "Channel.send"));
        trail.add("consumer: receiving");
        assertThat(ch.receive()).isEqualTo("a");
        waitUntil("producer resumed", () -> trail.steps().size() == 3);
        assertThat(trail.steps()).containsExactly("producer: sending a", "consumer: receiving", "producer: a taken");
        producer.dispose();
    }

    @Test
    void aBufferedChannelSuspendsTheSenderOnlyWhenFull() {
        Channel<Integer> ch = Coro.channel(2);
        Trail trail = new Trail();
        CoroScheduler scheduler = scheduler("buffered-");
        Coro.mono(() -> {
                    for (int i = 1; i <= 3; i++) {
                        ch.send(i);
                        trail.add("sent " + i);
                    }
                    ch.done();
                    return null;
                })
                .contextWrite(Context.of(CoroScheduler.CONTEXT_KEY, scheduler))
                .subscribe();
        waitUntil("third send suspended", () -> trail.steps().size() == 2 && suspendedOn(scheduler, "Channel.send"));
        assertThat(trail.steps()).containsExactly("sent 1", "sent 2");
        List<Integer> got = new ArrayList<>();
        for (Integer v : ch) got.add(v);
        assertThat(got).containsExactly(1, 2, 3);
        assertThat(trail.steps()).containsExactly("sent 1", "sent 2", "sent 3");
    }

    @Test
    void anUnlimitedChannelNeverSuspendsTheSender() {
        Channel<Integer> ch = Coro.unlimitedChannel();
        for (int i = 0; i < 10_000; i++) ch.send(i);
        ch.done();
        long sum = 0;
        for (int v : ch) sum += v;
        assertThat(sum).isEqualTo(10_000L * 9_999 / 2);
    }

    @Test
    void doneLetsReceiversDrainThenEndsAndRefusesMore() {
        Channel<String> ch = Coro.channel(4);
        ch.send("x");
        ch.done();
        assertThat(ch.isClosedForSend()).isTrue();
        assertThat(ch.isClosedForReceive()).isFalse();
        assertThatThrownBy(() -> ch.send("y"))
                .isInstanceOf(ChannelClosedException.class)
                .hasMessageContaining("send on buffered channel(4), which is done");
        assertThatThrownBy(ch::done).isInstanceOf(ChannelClosedException.class).hasMessageContaining("closed already");
        assertThat(ch.receive()).isEqualTo("x");
        assertThat(ch.receiveOrNull()).isNull();
        assertThatThrownBy(ch::receive)
                .isInstanceOf(ChannelClosedException.class)
                .hasMessageContaining("done");
        assertThat(ch.isClosedForReceive()).isTrue();
    }

    @Test
    void errorReachesReceiversAsTheSameObject() {
        Channel<String> ch = Coro.channel(4);
        IllegalStateException failure = new IllegalStateException("producer failed");
        ch.error(failure);
        assertThatThrownBy(ch::receive).isSameAs(failure);
        assertThatThrownBy(() -> ch.iterator().hasNext()).isSameAs(failure);
        assertThatThrownBy(() -> ch.send("late"))
                .isInstanceOf(ChannelClosedException.class)
                .hasCause(failure);
    }

    @Test
    void badInputIsRefused() {
        assertThatThrownBy(() -> Coro.channel(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Coro.channel(-1)");
        assertThatThrownBy(() -> Coro.channel(Flux.just(1), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
        assertThatThrownBy(() -> Coro.<String>channel(1).send(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("non-null");
    }

    @Test
    void asFluxReceivesOnlyWhatIsRequested() {
        Channel<Integer> ch = Coro.channel();
        Trail trail = new Trail();
        CoroScheduler scheduler = scheduler("asflux-");
        Coro.mono(() -> {
                    for (int i = 1; i <= 3; i++) {
                        ch.send(i);
                        trail.add("sent " + i);
                    }
                    ch.done();
                    return null;
                })
                .contextWrite(Context.of(CoroScheduler.CONTEXT_KEY, scheduler))
                .subscribe();
        StepVerifier.create(ch.asFlux(), 0)
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(50))
                .then(() -> assertThat(trail.steps()).isEmpty())
                .thenRequest(1)
                .expectNext(1)
                // The producer's first send returned and its second one suspended (the dump may still show the first).
                .then(() -> waitUntil(
                        "2 offered", () -> trail.steps().contains("sent 1") && suspendedOn(scheduler, "Channel.send")))
                .expectNoEvent(Duration.ofMillis(50))
                .then(() -> assertThat(trail.steps()).containsExactly("sent 1"))
                .thenCancel()
                .verify(Duration.ofSeconds(5));
        // The value nobody requested is still in the channel.
        assertThat(ch.receive()).isEqualTo(2);
        StepVerifier.create(ch.asFlux()).expectNext(3).verifyComplete();
    }

    @Test
    void asFluxFailsWithTheChannelsErrorAndRejectsBadRequests() {
        Channel<Integer> ch = Coro.channel(2);
        IllegalArgumentException failure = new IllegalArgumentException("bad batch");
        ch.send(1); // error() drops what is buffered, as Kotlin's cancel does
        ch.error(failure);
        StepVerifier.create(ch.asFlux())
                .expectErrorSatisfies(e -> assertThat(e).isSameAs(failure))
                .verify();
        Channel<Integer> other = Coro.channel(2);
        java.util.concurrent.CompletableFuture<Throwable> error = new java.util.concurrent.CompletableFuture<>();
        other.asFlux().subscribe(new reactor.core.publisher.BaseSubscriber<Integer>() {
            @Override
            protected void hookOnSubscribe(org.reactivestreams.Subscription s) {
                s.request(-1);
            }

            @Override
            protected void hookOnError(Throwable e) {
                error.complete(e);
            }
        });
        assertThat(error.join()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Rule 3.9");
    }

    @Test
    void aPublisherDrainsIntoAChannelWithBoundedDemand() {
        AtomicLong requested = new AtomicLong();
        List<Long> outstanding = new CopyOnWriteArrayList<>();
        Flux<Integer> source = Flux.range(1, 500).doOnRequest(requested::addAndGet);
        Channel<Integer> ch = Coro.channel(source, 8);
        waitUntil("first request", () -> requested.get() > 0);
        assertThat(requested.get()).isEqualTo(8);
        int received = 0;
        for (int v : ch) {
            received++;
            assertThat(v).isEqualTo(received);
            outstanding.add(requested.get() - received);
        }
        assertThat(received).isEqualTo(500);
        assertThat(outstanding).allSatisfy(o -> assertThat(o).isLessThanOrEqualTo(8));
    }

    @Test
    void aFedChannelPassesTheErrorOnAndDoneCancelsThePublisher() {
        IllegalStateException failure = new IllegalStateException("upstream broke");
        Channel<Integer> failing = Coro.channel(Flux.just(1, 2).concatWith(Flux.error(failure)), 4);
        assertThat(failing.receive()).isEqualTo(1);
        assertThat(failing.receive()).isEqualTo(2);
        assertThatThrownBy(failing::receive).isSameAs(failure);

        TestPublisher<Integer> publisher = TestPublisher.create();
        Channel<Integer> ch = Coro.channel(publisher, 4);
        publisher.assertMinRequested(4).next(1);
        assertThat(ch.receive()).isEqualTo(1);
        ch.done();
        publisher.assertCancelled();
    }
}
