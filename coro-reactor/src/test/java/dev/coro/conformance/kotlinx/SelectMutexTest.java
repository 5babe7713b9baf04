package dev.coro.conformance.kotlinx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coro.Coro;
import dev.coro.Mutex;
import dev.coro.Permit;
import dev.coro.SelectClause;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Port of kotlinx.coroutines {@code kotlinx-coroutines-core/common/test/selects/SelectMutexTest.kt}: Kotlin's
 * (deprecated) {@code mutex.onLock} is {@link SelectClause#onMono} of {@link Mutex#permit()}: the clause that wins
 * holds the lock, a losing one's permit is given back; {@code select} is {@link Coro#selectBiased}. Kotlin's yields
 * between coroutines become waits for a suspension or a step.
 */
@Tag("conformance")
class SelectMutexTest {

    private final Steps steps = new Steps();
    private final Launcher rig = new Launcher("select-mutex");

    @Test
    void testSelectLock() {
        rig.run(() -> {
            Mutex mutex = Coro.mutex();
            steps.expect(1);
            CompletableFuture<Void> job = rig.launch(() -> {
                steps.waitFor(3); // ensure that it is not scheduled earlier than needed
                steps.finish(4); // after main exits
            });
            AtomicReference<Permit> held = new AtomicReference<>();
            String res = Coro.selectBiased(SelectClause.onMono(mutex.permit(), p -> {
                held.set(p);
                assertThat(mutex.isLocked()).isTrue();
                steps.expect(2);
                return "OK";
            }));
            assertThat(res).isEqualTo("OK");
            steps.expect(3);
            Launcher.join(job);
            assertThat(mutex.isLocked()).isTrue();
            held.get().close();
            assertThat(mutex.isLocked()).isFalse();
        });
    }

    @Test
    void testSelectLockWait() {
        rig.run(() -> {
            Mutex mutex = Coro.mutex();
            mutex.lock(); // locked
            steps.expect(1);
            AtomicReference<Permit> held = new AtomicReference<>();
            CompletableFuture<Void> job = rig.launch(() -> {
                steps.waitFor(2);
                steps.expect(3);
                String res = Coro.selectBiased(SelectClause.onMono(mutex.permit(), p -> {
                    held.set(p);
                    assertThat(mutex.isLocked()).isTrue();
                    steps.waitFor(5);
                    steps.expect(6);
                    return "OK";
                }));
                assertThat(res).isEqualTo("OK");
                steps.expect(7);
            });
            steps.expect(2);
            rig.waitSuspended("Coro.select"); // to launched coroutine
            steps.expect(4);
            mutex.unlock();
            steps.expect(5);
            Launcher.join(job); // to the resumed select
            steps.finish(8);
            assertThat(mutex.isLocked()).isTrue();
            held.get().close();
            assertThat(mutex.isLocked()).isFalse();
        });
    }
}
