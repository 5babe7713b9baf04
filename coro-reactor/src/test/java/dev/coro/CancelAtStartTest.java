package dev.coro;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.util.RaceTestUtils;
import reactor.util.context.Context;

/**
 * Issue 9, defect 5: on a scheduler with {@code maxConcurrency}, a coroutine cancelled between its subscription and
 * its thread's start must not queue for a slot (and stay counted active) until some running coroutine ends. The
 * request that starts a {@code Coro.flux} coroutine races its cancel: before the fix a cancel that found the coroutine
 * but not yet its thread set only a flag, and the thread then queued for the slot that the holder keeps.
 */
@Tag("stress")
class CancelAtStartTest {

    private static final int ROUNDS =
            Integer.getInteger("coro.stress.rounds", System.getenv("CI") != null ? 2_000 : 10_000);

    @Test
    void aCoroutineCancelledAsItStartsNeverWaitsForASlot() throws Exception {
        CoroScheduler scheduler =
                CoroScheduler.builder().namePrefix("bounded-").maxConcurrency(1).build();
        Context context = Context.of(CoroScheduler.CONTEXT_KEY, scheduler);
        Sinks.One<String> release = Sinks.one();
        CountDownLatch holding = new CountDownLatch(1);
        Disposable holder = Coro.mono(() -> {
                    holding.countDown();
                    return Coro.await(release.asMono());
                })
                .contextWrite(context)
                .subscribe();
        assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();

        Flux<Integer> flux = Coro.<Integer>flux(out -> out.yield(1)).contextWrite(context);
        for (int i = 0; i < ROUNDS; i++) {
            Idle subscriber = new Idle();
            flux.subscribe(subscriber);
            RaceTestUtils.race(() -> subscriber.s().request(1), subscriber::cancel);
        }
        // Every cancelled coroutine ends while the holder still holds the only slot.
        CoroMonoTest.waitUntil(() -> scheduler.activeCount() == 1 && scheduler.queuedCount() == 0);
        assertThat(scheduler.cancelledCount() + scheduler.completedCount()).isLessThanOrEqualTo(ROUNDS);
        release.tryEmitValue("done");
        CoroMonoTest.waitUntil(() -> scheduler.activeCount() == 0);
        holder.dispose();
    }

    @Test
    void aMonoCoroutineCancelledAsItIsSubscribedNeverWaitsForASlot() throws Exception {
        CoroScheduler scheduler =
                CoroScheduler.builder().namePrefix("bounded-").maxConcurrency(1).build();
        Context context = Context.of(CoroScheduler.CONTEXT_KEY, scheduler);
        Sinks.One<String> release = Sinks.one();
        CountDownLatch holding = new CountDownLatch(1);
        Coro.mono(() -> {
                    holding.countDown();
                    return Coro.await(release.asMono());
                })
                .contextWrite(context)
                .subscribe();
        assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();

        Mono<Integer> mono = Coro.mono(() -> 1).contextWrite(context);
        for (int i = 0; i < ROUNDS / 10; i++) {
            CancelFromAnotherThread subscriber = new CancelFromAnotherThread();
            mono.subscribe(subscriber);
            subscriber.canceller.join();
        }
        CoroMonoTest.waitUntil(() -> scheduler.activeCount() == 1 && scheduler.queuedCount() == 0);
        release.tryEmitValue("done");
        CoroMonoTest.waitUntil(() -> scheduler.activeCount() == 0);
    }

    /** Requests nothing by itself: the test's race makes the starting request. */
    private static final class Idle extends BaseSubscriber<Integer> {
        @Override
        protected void hookOnSubscribe(Subscription subscription) {}

        Subscription s() {
            return java.util.Objects.requireNonNull(upstream());
        }
    }

    /** Cancels from another thread while {@code Coro.mono}'s subscribe goes on to start the coroutine. */
    private static final class CancelFromAnotherThread extends BaseSubscriber<Integer> {
        Thread canceller = Thread.ofPlatform().unstarted(() -> {});

        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            subscription.request(1);
            canceller = Thread.ofPlatform().start(this::cancel);
        }
    }
}
