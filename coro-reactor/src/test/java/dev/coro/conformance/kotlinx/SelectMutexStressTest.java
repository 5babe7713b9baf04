package dev.coro.conformance.kotlinx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coro.Coro;
import dev.coro.Mutex;
import dev.coro.SelectClause;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Port of kotlinx.coroutines {@code kotlinx-coroutines-core/concurrent/test/selects/SelectMutexStressTest.kt}:
 * {@code mutex.onLock} is {@link SelectClause#onMono} of {@link Mutex#permit()}; {@code job.cancel()} cancels the
 * coroutine's future (which cancels its subscription). Each round waits until the select is suspended, cancels it,
 * and waits until the coroutine has ended; at the end the mutex must still be locked, and no cancelled select may be
 * left queued on it: unlocking it leaves it free for a {@code tryLock}. 1,000 rounds (200 with {@code CI}).
 */
@Tag("conformance")
@Tag("stress")
class SelectMutexStressTest {

    private final Steps steps = new Steps();
    private final Launcher rig = new Launcher("select-mutex-stress");

    @Test
    void testSelectCancelledResourceRelease() {
        int n = System.getenv("CI") != null ? 200 : 1_000;
        Mutex mutex = Coro.mutex();
        mutex.lock(); // locked
        steps.expect(1);
        for (int i = 0; i < n; i++) {
            int step = i + 2;
            CompletableFuture<Void> job = rig.launch(() -> {
                steps.expect(step);
                Coro.<Void>selectBiased(SelectClause.onMono(mutex.permit(), p -> {
                    steps.expectUnreached(); // never able to lock
                    return null;
                }));
            });
            rig.waitSuspended("Coro.select"); // so that it suspends
            job.cancel(true); // cancel the job and select
            Steps.waitUntil("the cancelled coroutine ended", () -> rig.scheduler.activeCount() == 0);
        }
        assertThat(mutex.isLocked()).isTrue();
        mutex.unlock();
        assertThat(mutex.tryLock()).as("nobody left waiting").isTrue();
        mutex.unlock();
        steps.finish(n + 2);
    }
}
