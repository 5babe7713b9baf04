package dev.coro.conformance.kotlinx;

import dev.coro.Channel;
import dev.coro.Coro;
import dev.coro.SelectClause;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Port of kotlinx.coroutines {@code kotlinx-coroutines-core/concurrent/test/selects/SelectChannelStressTest.kt}:
 * selects with a default that never wait, many times over, on a full or empty channel: each must leave nothing queued
 * behind (a leak or a slowdown would show). {@code select} is {@link Coro#selectBiased}, {@code default} is
 * {@link SelectClause#orElse}; 1,000,000 iterations as Kotlin's (100,000 with {@code CI}).
 */
@Tag("conformance")
@Tag("stress")
class SelectChannelStressTest {

    private final int iterations = System.getenv("CI") != null ? 100_000 : 1_000_000;
    private final Steps steps = new Steps();

    private <R> R unreached() {
        steps.expectUnreached();
        return null;
    }

    private void defaults(Channel<Integer> channel, boolean send) {
        for (int i = 0; i < iterations; i++) {
            int step = i + 2;
            Coro.<Void>selectBiased(
                    send ? channel.onSend(i, this::unreached) : channel.onReceive(v -> unreached()),
                    SelectClause.orElse(() -> {
                        steps.expect(step);
                        return null;
                    }));
        }
    }

    @Test
    void testSelectSendResourceCleanupBufferedChannel() {
        Channel<Integer> channel = Coro.channel(1);
        steps.expect(1);
        channel.send(-1); // fill the buffer, so all subsequent sends cannot proceed
        defaults(channel, true);
        steps.finish(iterations + 2);
    }

    @Test
    void testSelectReceiveResourceCleanupBufferedChannel() {
        Channel<Integer> channel = Coro.channel(1);
        steps.expect(1);
        defaults(channel, false);
        steps.finish(iterations + 2);
    }

    @Test
    void testSelectSendResourceCleanupRendezvousChannel() {
        Channel<Integer> channel = Coro.channel();
        steps.expect(1);
        defaults(channel, true);
        steps.finish(iterations + 2);
    }

    @Test
    void testSelectReceiveResourceRendezvousChannel() {
        Channel<Integer> channel = Coro.channel();
        steps.expect(1);
        defaults(channel, false);
        steps.finish(iterations + 2);
    }
}
