package dev.coro.sample;

import static dev.coro.Coro.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coro.Coro;
import dev.coro.Fork;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * The migration pitfall of docs/migration.md ("What to watch"): a {@code flatMap} over a Flux subscribes to its inner
 * calls at once, while the straight-line translation, a {@code for} loop of awaits, makes them one after another.
 * {@code Coro.awaitAll} and {@code Coro.scope} forks keep them concurrent. Proved by the number of calls in flight,
 * never by timing: the concurrent calls here complete only once all of them are in flight together.
 */
class FlatMapBecomesALoopTest {

    private static final int CALLS = 5;
    private static final Duration GUARD = Duration.ofSeconds(30);
    private static final List<Integer> IDS =
            IntStream.rangeClosed(1, CALLS).boxed().toList();

    @Test
    void flatMapHasEveryCallInFlightAtOnce() {
        var service = new Service();
        List<Integer> prices = Flux.fromIterable(IDS)
                .flatMap(service::priceOnceAllAreInFlight)
                .collectList()
                .block(GUARD);
        assertThat(prices).containsExactlyInAnyOrder(10, 20, 30, 40, 50);
        assertThat(service.maxInFlight.get()).isEqualTo(CALLS);
    }

    @RepeatedTest(10)
    void aLoopOfAwaitsMakesTheCallsOneAfterAnother() {
        var service = new Service();
        List<Integer> prices = Coro.mono(() -> {
                    var all = new ArrayList<Integer>();
                    for (int id : IDS) all.add(await(service.price(id)));
                    return all;
                })
                .block(GUARD);
        assertThat(prices).containsExactly(10, 20, 30, 40, 50);
        assertThat(service.maxInFlight.get()).isEqualTo(1);
    }

    @Test
    void awaitAllKeepsTheCallsConcurrent() {
        var service = new Service();
        List<Integer> prices = Coro.mono(() -> Coro.awaitAll(
                        IDS.stream().map(service::priceOnceAllAreInFlight).toList()))
                .block(GUARD);
        assertThat(prices).containsExactly(10, 20, 30, 40, 50);
        assertThat(service.maxInFlight.get()).isEqualTo(CALLS);
    }

    @Test
    void scopeForksKeepTheCallsConcurrent() {
        var service = new Service();
        List<Integer> prices = Coro.mono(() -> Coro.scope(scope -> {
                    var forks = new ArrayList<Fork<Integer>>();
                    for (int id : IDS) forks.add(scope.fork(() -> await(service.priceOnceAllAreInFlight(id))));
                    var all = new ArrayList<Integer>();
                    for (var fork : forks) all.add(fork.join());
                    return all;
                }))
                .block(GUARD);
        assertThat(prices).containsExactly(10, 20, 30, 40, 50);
        assertThat(service.maxInFlight.get()).isEqualTo(CALLS);
    }

    /** A remote call that counts how many of its calls are in flight. */
    static final class Service {

        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        private final Sinks.Empty<Void> allInFlight = Sinks.empty();

        /** Answers on another thread as soon as it is called, as a fast remote service would. */
        Mono<Integer> price(int id) {
            return Mono.defer(() -> {
                enter();
                return Mono.fromCallable(() -> answer(id)).subscribeOn(Schedulers.parallel());
            });
        }

        /** Answers only once {@link #CALLS} calls are in flight together: calls made one after another never end. */
        Mono<Integer> priceOnceAllAreInFlight(int id) {
            return Mono.defer(() -> {
                if (enter() == CALLS) allInFlight.tryEmitEmpty();
                return allInFlight.asMono().then(Mono.fromCallable(() -> answer(id)));
            });
        }

        // The call ends when its answer is made: before the caller sees it, so a caller's next call comes after.
        private int answer(int id) {
            inFlight.decrementAndGet();
            return id * 10;
        }

        private int enter() {
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            return now;
        }
    }
}
