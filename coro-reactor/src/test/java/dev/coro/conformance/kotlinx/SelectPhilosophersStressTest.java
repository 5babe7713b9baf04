package dev.coro.conformance.kotlinx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coro.Coro;
import dev.coro.Mutex;
import dev.coro.Permit;
import dev.coro.SelectClause;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * Port of kotlinx.coroutines {@code kotlinx-coroutines-core/jvm/test/selects/SelectPhilosophersStressTest.kt}: ten
 * philosophers, each taking whichever of its two forks comes first with a fair select over the forks' locks
 * ({@code selectUnbiased} with {@code onLock} is {@link Coro#select} over {@link SelectClause#onMono} of
 * {@link Mutex#permit()}), then trying the other one. A fork held through a permit is put down by closing the permit
 * (Kotlin's {@code unlock}). Runs 3 s (1 s with {@code CI}); no philosopher may starve, and all must finish within
 * five times that.
 */
@Tag("conformance")
@Tag("stress")
class SelectPhilosophersStressTest {

    private final Duration testDuration = Duration.ofSeconds(System.getenv("CI") != null ? 1 : 3);
    private final int n = 10; // number of philosophers
    private final Mutex[] forks = new Mutex[n];
    private final Launcher rig = new Launcher("select-philosophers");

    SelectPhilosophersStressTest() {
        for (int i = 0; i < n; i++) {
            forks[i] = Coro.mutex();
        }
    }

    /** The fork a select got first (held by {@code permit}) and the other one. */
    private record Pick(Mutex first, Mutex second, Permit permit) {}

    private void eat(int id) {
        Mutex left = forks[id];
        Mutex right = forks[(id + 1) % n];
        Runnable putDown;
        while (true) {
            Pick pair = Coro.select(
                    SelectClause.onMono(left.permit(), p -> new Pick(left, right, p)),
                    SelectClause.onMono(right.permit(), p -> new Pick(right, left, p)));
            if (pair.second().tryLock()) {
                putDown = () -> {
                    pair.second().unlock();
                    pair.permit().close();
                };
                break;
            }
            pair.permit().close();
            pair.second().lock();
            if (pair.first().tryLock()) {
                putDown = () -> {
                    pair.first().unlock();
                    pair.second().unlock();
                };
                break;
            }
            pair.second().unlock();
        }
        assertThat(left.isLocked() && right.isLocked()).isTrue();
        putDown.run();
    }

    @Test
    void testPhilosophers() throws Exception {
        long timeLimit = System.nanoTime() + testDuration.toNanos();
        List<CompletableFuture<Integer>> philosophers = new ArrayList<>();
        for (int id = 0; id < n; id++) {
            int me = id;
            philosophers.add(rig.on(Coro.mono("Philosopher " + id, () -> {
                        int eatsCount = 0;
                        while (System.nanoTime() < timeLimit) {
                            eat(me);
                            eatsCount++;
                            Coro.await(Mono.delay(Duration.ZERO)); // Kotlin's yield()
                        }
                        return eatsCount;
                    }))
                    .toFuture());
        }
        long limit = testDuration.multipliedBy(5).toMillis();
        for (int id = 0; id < n; id++) {
            int eats = philosophers.get(id).get(limit, TimeUnit.MILLISECONDS);
            assertThat(eats).as("%d shall not starve", id).isPositive();
        }
        for (Mutex fork : forks) {
            assertThat(fork.isLocked()).isFalse();
        }
    }
}
