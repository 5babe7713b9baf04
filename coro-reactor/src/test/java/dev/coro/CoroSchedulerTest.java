package dev.coro;

import static dev.coro.Coro.await;
import static dev.coro.CoroMonoTest.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
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
}
