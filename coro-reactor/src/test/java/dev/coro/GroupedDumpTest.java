package dev.coro;

import static dev.coro.Coro.await;
import static dev.coro.CoroMonoTest.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.context.Context;

/** Issue 14, point 4: a dump grouped like Go's, and the age of the oldest suspended coroutine. */
class GroupedDumpTest {

    @Test
    void aThousandCoroutinesParkedAtTwoSitesReadAsTwoGroupsWithTheirCounts() {
        CoroScheduler scheduler = CoroScheduler.builder().namePrefix("grouped-").build();
        Sinks.Empty<Void> gateA = Sinks.empty();
        Sinks.Empty<Void> gateB = Sinks.empty();
        List<Disposable> running = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            // The 400 at site B are the older ones: the larger group comes first all the same.
            Mono<Object> body = i < 400
                    ? Coro.mono(() -> parkedAtSiteB(gateB.asMono().name("gate-b")))
                    : Coro.mono(() -> parkedAtSiteA(gateA.asMono().name("gate-a")));
            running.add(body.contextWrite(Context.of(CoroScheduler.CONTEXT_KEY, scheduler))
                    .subscribe());
        }
        waitUntil(() -> gateA.currentSubscriberCount() == 600 && gateB.currentSubscriberCount() == 400);
        // Subscribed is not yet parked: a coroutine between the two has another stack for a moment.
        waitUntil(() -> scheduler.coroutineGroups().size() == 2);

        List<CoroutineGroup> groups = scheduler.coroutineGroups();
        assertThat(groups).extracting(CoroutineGroup::count).containsExactly(600, 400);
        assertThat(groups).extracting(CoroutineGroup::awaiting).containsExactly("gate-a", "gate-b");
        assertThat(groups).extracting(CoroutineGroup::state).containsOnly(CoroutineState.SUSPENDED);
        assertThat(groups.get(0).stackTrace())
                .extracting(StackTraceElement::getMethodName)
                .contains("parkedAtSiteA")
                .doesNotContain("parkedAtSiteB");
        assertThat(groups.get(1).stackTrace())
                .extracting(StackTraceElement::getMethodName)
                .contains("parkedAtSiteB");
        assertThat(groups.get(0).names()).hasSize(5).allMatch(n -> n.startsWith("grouped-mono-"));
        assertThat(groups.get(0).oldestAge()).isPositive();

        String text = scheduler.dump();
        assertThat(text)
                .startsWith("Coroutine dump of scheduler 'grouped-' at ")
                .contains(": 1000 live coroutines in 2 groups, largest first\n")
                .contains("\n600 coroutines SUSPENDED awaiting gate-a, oldest ")
                .contains(" and 595 more\n")
                .contains("\n400 coroutines SUSPENDED awaiting gate-b, oldest ")
                .contains("\tat dev.coro.GroupedDumpTest.parkedAtSiteA(GroupedDumpTest.java:");
        assertThat(text.indexOf("600 coroutines")).isLessThan(text.indexOf("400 coroutines"));

        gateA.tryEmitEmpty().orThrow();
        gateB.tryEmitEmpty().orThrow();
        waitUntil(() -> scheduler.activeCount() == 0);
        assertThat(scheduler.coroutineGroups()).isEmpty();
        assertThat(scheduler.dump()).contains(": 0 live coroutines in 0 groups");
        running.forEach(Disposable::dispose);
    }

    private static Object parkedAtSiteA(Mono<Void> gate) {
        await(gate);
        return "a";
    }

    private static Object parkedAtSiteB(Mono<Void> gate) {
        await(gate);
        return "b";
    }

    @Test
    void joinsOfDifferentForksAreOnePlace() {
        CoroScheduler scheduler = CoroScheduler.builder().namePrefix("joins-").build();
        Sinks.Empty<Void> gate = Sinks.empty();
        List<Disposable> running = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            running.add(Coro.mono(() -> Coro.scope(scope -> {
                        Fork<Void> f = scope.fork(() -> await(gate.asMono().name("gate")));
                        return f.join();
                    }))
                    .contextWrite(Context.of(CoroScheduler.CONTEXT_KEY, scheduler))
                    .subscribe());
        }
        waitUntil(() -> scheduler.coroutineGroups().size() == 2
                && scheduler.coroutineGroups().stream().allMatch(g -> g.count() == 3));
        assertThat(scheduler.coroutineGroups())
                .extracting(CoroutineGroup::awaiting)
                .containsExactlyInAnyOrder("gate", "Fork.join");
        // The flat dump still says which fork each body joins.
        assertThat(scheduler.coroutines())
                .extracting(CoroutineInfo::awaiting)
                .filteredOn(a -> a != null && a.startsWith("Fork.join("))
                .hasSize(3)
                .allMatch(a -> a.matches("Fork\\.join\\(joins-fork-\\d+\\)"));
        gate.tryEmitEmpty().orThrow();
        waitUntil(() -> scheduler.activeCount() == 0);
        running.forEach(Disposable::dispose);
    }

    @Test
    void theOldestSuspendedAgeGrowsWhileACoroutineStaysParkedAndIgnoresRunningOnes() throws Exception {
        CoroScheduler scheduler = CoroScheduler.builder().namePrefix("oldest-").build();
        assertThat(scheduler.oldestSuspendedAge()).isZero();

        // An older coroutine that is running (blocked in plain code) does not count: only suspended ones do.
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocking = new CountDownLatch(1);
        Disposable busy = Coro.mono(() -> {
                    blocking.countDown();
                    return release.await(10, TimeUnit.SECONDS);
                })
                .contextWrite(Context.of(CoroScheduler.CONTEXT_KEY, scheduler))
                .subscribe();
        blocking.await(10, TimeUnit.SECONDS);
        Thread.sleep(20);
        assertThat(scheduler.oldestSuspendedAge()).isZero();

        Sinks.Empty<Void> gate = Sinks.empty();
        long beforeStart = System.nanoTime();
        Disposable parked = Coro.mono(() -> await(gate.asMono()))
                .contextWrite(Context.of(CoroScheduler.CONTEXT_KEY, scheduler))
                .subscribe();
        waitUntil(() -> scheduler.oldestSuspendedAge().compareTo(Duration.ZERO) > 0);
        long seenSuspended = System.nanoTime();

        Duration previous = Duration.ZERO;
        for (int i = 0; i < 3; i++) {
            Thread.sleep(15);
            long before = System.nanoTime();
            Duration age = scheduler.oldestSuspendedAge();
            long after = System.nanoTime();
            // Bounds, not equalities: alive at least since it was seen suspended, at most since before it started.
            assertThat(age).isGreaterThanOrEqualTo(Duration.ofNanos(before - seenSuspended));
            assertThat(age).isLessThanOrEqualTo(Duration.ofNanos(after - beforeStart));
            assertThat(age).isGreaterThanOrEqualTo(previous);
            previous = age;
        }

        gate.tryEmitEmpty().orThrow();
        release.countDown();
        waitUntil(() -> scheduler.activeCount() == 0);
        assertThat(scheduler.oldestSuspendedAge()).isZero();
        parked.dispose();
        busy.dispose();
    }
}
