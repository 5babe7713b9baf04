package dev.coro;

import static dev.coro.Coro.await;
import static dev.coro.CoroMonoTest.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import reactor.util.context.Context;

class CoroSchedulerTest {

    @Test
    void schedulerFromTheContextNamesCoroutinesAndCountsThem() {
        CoroScheduler scheduler = CoroScheduler.builder().namePrefix("orders-").build();
        StepVerifier.create(Coro.mono(() -> Thread.currentThread().getName())
                        .contextWrite(Context.of(CoroScheduler.CONTEXT_KEY, scheduler)))
                .assertNext(name -> assertThat(name).startsWith("orders-mono-"))
                .verifyComplete();
        StepVerifier.create(Coro.mono(() -> {
                            throw new IllegalStateException("boom");
                        })
                        .contextWrite(Context.of(CoroScheduler.CONTEXT_KEY, scheduler)))
                .verifyError(IllegalStateException.class);
        waitUntil(() -> scheduler.completedCount() == 1 && scheduler.failedCount() == 1);
        assertThat(scheduler.startedCount()).isEqualTo(2);
        assertThat(scheduler.activeCount()).isZero();
    }

    @Test
    void nestedCoroutinesInheritTheSchedulerThroughAwait() {
        CoroScheduler scheduler = CoroScheduler.builder().namePrefix("outer-").build();
        StepVerifier.create(Coro.mono(() ->
                                await(Coro.mono(() -> Thread.currentThread().getName())))
                        .contextWrite(Context.of(CoroScheduler.CONTEXT_KEY, scheduler)))
                .assertNext(name -> assertThat(name).startsWith("outer-mono-"))
                .verifyComplete();
    }

    @Tag("stress")
    @Test
    void maxConcurrencyQueuesTheRestInOrderAndLosesNone() {
        CoroScheduler scheduler = CoroScheduler.builder().maxConcurrency(2).build();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxSeen = new AtomicInteger();
        List<Integer> results = Flux.range(0, 40)
                .flatMap(
                        i -> Coro.mono(() -> {
                                    maxSeen.accumulateAndGet(running.incrementAndGet(), Math::max);
                                    try {
                                        return await(Mono.just(i).delayElement(Duration.ofMillis(5)));
                                    } finally {
                                        running.decrementAndGet();
                                    }
                                })
                                .contextWrite(Context.of(CoroScheduler.CONTEXT_KEY, scheduler)),
                        40)
                .collectList()
                .block(Duration.ofSeconds(30));
        assertThat(results)
                .containsExactlyInAnyOrderElementsOf(
                        Flux.range(0, 40).collectList().block());
        assertThat(maxSeen.get()).isEqualTo(2);
    }

    @Test
    void nestedCoroutinesShareTheirParentsSlotSoABoundOfOneCannotDeadlock() {
        CoroScheduler scheduler = CoroScheduler.builder().maxConcurrency(1).build();
        Mono<String> nested = Coro.mono(() -> "inner:" + await(Coro.mono(() -> await(Coro.mono(() -> "leaf")))));
        StepVerifier.create(nested.contextWrite(Context.of(CoroScheduler.CONTEXT_KEY, scheduler)))
                .expectNext("inner:leaf")
                .verifyComplete();
        // Two top-level coroutines still run one at a time.
        Sinks.One<String> gate = Sinks.one();
        var first = Coro.mono(() -> await(gate.asMono()))
                .contextWrite(Context.of(CoroScheduler.CONTEXT_KEY, scheduler))
                .toFuture();
        waitUntil(() -> gate.currentSubscriberCount() == 1);
        var second = Coro.mono(() -> "second")
                .contextWrite(Context.of(CoroScheduler.CONTEXT_KEY, scheduler))
                .toFuture();
        waitUntil(() -> scheduler.queuedCount() == 1);
        assertThat(second).isNotDone();
        gate.tryEmitValue("first").orThrow();
        assertThat(first.join()).isEqualTo("first");
        assertThat(second.join()).isEqualTo("second");
    }

    @Tag("stress")
    @Test
    void aQueuedCoroutineCancelledBeforeItRunsNeverRunsItsBody() {
        CoroScheduler scheduler = CoroScheduler.builder().maxConcurrency(1).build();
        Sinks.One<String> gate = Sinks.one();
        AtomicInteger secondRan = new AtomicInteger();
        var first = Coro.mono(() -> await(gate.asMono()))
                .contextWrite(Context.of(CoroScheduler.CONTEXT_KEY, scheduler))
                .toFuture();
        waitUntil(() -> gate.currentSubscriberCount() == 1);
        var second = Coro.mono(() -> secondRan.incrementAndGet())
                .contextWrite(Context.of(CoroScheduler.CONTEXT_KEY, scheduler))
                .subscribe();
        waitUntil(() -> scheduler.queuedCount() == 1);
        assertThat(scheduler.coroutines())
                .extracting(CoroutineInfo::state)
                .containsExactly(CoroutineState.SUSPENDED, CoroutineState.QUEUED);
        second.dispose();
        waitUntil(() -> scheduler.cancelledCount() == 1);
        gate.tryEmitValue("open").orThrow();
        assertThat(first.join()).isEqualTo("open");
        assertThat(secondRan).hasValue(0);
        assertThat(scheduler.queuedCount()).isZero();
    }

    @Test
    void coroutineDumpShowsNameStateAwaitedPublisherAndStack() {
        CoroScheduler scheduler = CoroScheduler.builder().namePrefix("dump-").build();
        Sinks.One<String> gate = Sinks.one();
        var result = Coro.mono(() -> await(gate.asMono().name("gate")))
                .contextWrite(Context.of(CoroScheduler.CONTEXT_KEY, scheduler))
                .toFuture();
        waitUntil(() -> gate.currentSubscriberCount() == 1);
        waitUntil(() -> scheduler.coroutines().get(0).state() == CoroutineState.SUSPENDED);
        CoroutineInfo info = scheduler.coroutines().get(0);
        assertThat(info.name()).startsWith("dump-mono-");
        assertThat(info.awaiting()).isEqualTo("gate");
        assertThat(info.age()).isPositive();
        assertThat(info.stackTrace())
                .anySatisfy(frame -> assertThat(frame.getClassName()).isEqualTo(Await.class.getName()));
        gate.tryEmitValue("x").orThrow();
        assertThat(result.join()).isEqualTo("x");
        waitUntil(() -> scheduler.coroutines().isEmpty());
        assertThat(scheduler.totalSuspendedTime()).isPositive();
    }

    @Test
    void badSettingsAreRejectedWithTheFix() {
        assertThatThrownBy(() -> CoroScheduler.builder().maxConcurrency(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
        assertThatThrownBy(() -> CoroScheduler.builder().namePrefix(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("blank");
    }

    @Tag("stress")
    @Test
    void theRegistryListsEveryLiveCoroutineWhileManyStartAndEndAtOnce() throws Exception {
        CoroScheduler scheduler =
                CoroScheduler.builder().namePrefix("registry-").build();
        Sinks.Empty<Void> gate = Sinks.empty();
        int starters = 8;
        int perStarter = 500;
        List<reactor.core.Disposable> parked = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        Thread[] threads = new Thread[starters];
        for (int t = 0; t < starters; t++) {
            int index = t;
            threads[t] = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < perStarter; i++) {
                    boolean parks = i % 2 == 0;
                    // Half park until the gate opens, half end at once: starts and ends interleave on every stripe.
                    Mono<Object> body = Coro.mono(() -> parks ? await(gate.asMono()) : "done-" + index);
                    parked.add(body.contextWrite(Context.of(CoroScheduler.CONTEXT_KEY, scheduler))
                            .subscribe());
                }
            });
        }
        for (Thread t : threads) {
            t.join();
        }
        int expected = starters * perStarter / 2;
        waitUntil(() -> scheduler.activeCount() == expected);
        List<CoroutineInfo> live = scheduler.coroutines();
        assertThat(live).hasSize(expected);
        assertThat(live).extracting(CoroutineInfo::name).doesNotHaveDuplicates();
        assertThat(live).allMatch(c -> c.name().startsWith("registry-mono-"));
        // Ends on many threads at once, by cancel and by completion.
        for (int i = 0; i < parked.size(); i += 2) {
            parked.get(i).dispose();
        }
        gate.tryEmitEmpty();
        waitUntil(() -> scheduler.activeCount() == 0);
        assertThat(scheduler.coroutines()).isEmpty();
    }
}
