package dev.coro.conformance.kotlinx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coro.Channel;
import dev.coro.Coro;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Port of kotlinx.coroutines {@code kotlinx-coroutines-core/jvm/test/selects/SelectDeadlockStressTest.kt}
 * (kotlinx.coroutines issue 504): two coroutines each select between sending on one channel and receiving on the
 * other, crosswise, and must not deadlock. Kotlin prints progress for 3 s on a 2-thread pool; the port runs 3 s (1 s
 * with {@code CI}) on the carriers it gets and asserts progress: no stall of 5 s (a deadlock stays), each side sent and
 * received, and every value was received in order. {@code select} is {@link Coro#selectBiased}.
 */
@Tag("conformance")
@Tag("stress")
class SelectDeadlockStressTest {

    private final Duration duration = Duration.ofSeconds(System.getenv("CI") != null ? 1 : 3);
    private static final Duration STALL = Duration.ofSeconds(5);
    private final Launcher rig = new Launcher("select-deadlock");

    private static final class Stats {
        volatile long sendIndex;
        volatile long receiveIndex;

        @Override
        public String toString() {
            return "send=" + sendIndex + ", received=" + receiveIndex;
        }
    }

    @Test
    void testStress() throws Exception {
        Channel<Long> c1 = Coro.channel();
        Channel<Long> c2 = Coro.channel();
        Stats s1 = new Stats();
        Stats s2 = new Stats();
        CompletableFuture<Void> first = launchSendReceive(c1, c2, s1);
        CompletableFuture<Void> second = launchSendReceive(c2, c1, s2);
        try {
            long end = System.nanoTime() + duration.toNanos();
            long seen = -1;
            long lastProgress = System.nanoTime();
            while (System.nanoTime() < end) {
                Thread.sleep(100); // the test's length, not a synchronisation
                long now = s1.sendIndex + s2.sendIndex;
                if (now != seen) {
                    seen = now;
                    lastProgress = System.nanoTime();
                }
                // A deadlock is for good; a shared machine may stall both for a moment.
                assertThat(System.nanoTime() - lastProgress)
                        .as("no progress for %s (first: %s; second: %s)", STALL, s1, s2)
                        .isLessThan(STALL.toNanos());
            }
        } finally {
            first.cancel(true);
            second.cancel(true);
            Steps.waitUntil("both coroutines ended", () -> rig.scheduler.activeCount() == 0);
        }
        assertThat(s1.sendIndex).isPositive();
        assertThat(s2.sendIndex).isPositive();
        // What one side sent the other received (give or take the send in flight when cancelled).
        assertThat(s2.receiveIndex).isBetween(s1.sendIndex - 1, s1.sendIndex);
        assertThat(s1.receiveIndex).isBetween(s2.sendIndex - 1, s2.sendIndex);
    }

    private CompletableFuture<Void> launchSendReceive(Channel<Long> c1, Channel<Long> c2, Stats s) {
        return rig.launch(() -> {
            try {
                while (true) {
                    Coro.<Void>selectBiased(
                            c1.onSend(s.sendIndex, () -> {
                                s.sendIndex++;
                                return null;
                            }),
                            c2.onReceive(i -> {
                                if (i != s.receiveIndex) {
                                    throw new AssertionError("received " + i + ", expected " + s.receiveIndex);
                                }
                                s.receiveIndex++;
                                return null;
                            }));
                }
            } catch (CancellationException e) {
                // the end of the test
            }
        });
    }
}
