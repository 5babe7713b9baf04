package dev.coro.conformance.kotlinx;

import static dev.coro.conformance.kotlinx.ChannelKit.join;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coro.Channel;
import dev.coro.Coro;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Port of kotlinx.coroutines {@code kotlinx-coroutines-core/common/test/channels/SendReceiveStressTest.kt}: one sender
 * and one receiver pass 100 values in order (Kotlin's fixed size, kept). The steps after the two coroutines start
 * (sender done, then receiver done) are the scheduler's order in Kotlin; both are checked by joining.
 */
@Tag("conformance")
@Tag("stress")
class SendReceiveStressTest {

    private final Steps steps = new Steps();
    private final ChannelKit kit = new ChannelKit("send-receive-stress-");

    @Test
    void testBufferedChannel() {
        testStress(Coro.channel(2));
    }

    @Test
    void testUnlimitedChannel() {
        testStress(Coro.unlimitedChannel());
    }

    @Test
    void testRendezvousChannel() {
        testStress(Coro.channel());
    }

    private void testStress(Channel<Integer> channel) {
        int n = 100;
        CompletableFuture<Void> sender = kit.launch("sender", () -> {
            for (int i = 1; i <= n; i++) {
                channel.send(i);
            }
        });
        CompletableFuture<Void> receiver = kit.launch("receiver", () -> {
            for (int i = 1; i <= n; i++) {
                assertThat(channel.receive()).isEqualTo(i);
            }
        });
        steps.expect(1);
        join(sender);
        steps.expect(2);
        join(receiver);
        steps.finish(3);
    }
}
