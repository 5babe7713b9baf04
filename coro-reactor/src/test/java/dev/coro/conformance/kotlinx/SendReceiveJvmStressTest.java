package dev.coro.conformance.kotlinx;

import static dev.coro.conformance.kotlinx.ChannelKit.join;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coro.Channel;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Port of kotlinx.coroutines {@code kotlinx-coroutines-core/jvm/test/channels/SendReceiveJvmStressTest.kt}, with
 * Kotlin's channels (capacity 1, 10, 1_000_000, unlimited, rendezvous): one sender, one receiver, values in order.
 * 100_000 values as in Kotlin, 10_000 with {@code CI} set.
 */
@Tag("conformance")
@Tag("stress")
class SendReceiveJvmStressTest {

    private final Steps steps = new Steps();
    private final ChannelKit kit = new ChannelKit("send-receive-jvm-stress-");

    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(ints = {1, 10, 1_000_000, Integer.MAX_VALUE, 0})
    void testStress(int capacity) {
        Channel<Integer> channel = ProduceConsumeTest.channelOf(capacity);
        int n = ChannelKit.CI ? 10_000 : 100_000;
        CompletableFuture<Void> sender = kit.launch("sender", () -> {
            for (int i = 1; i <= n; i++) {
                channel.send(i);
            }
        });
        CompletableFuture<Void> receiver = kit.launch("receiver", () -> {
            for (int i = 1; i <= n; i++) {
                int next = channel.receive();
                if (next != i) {
                    assertThat(next).isEqualTo(i);
                }
            }
        });
        steps.expect(1);
        join(sender);
        steps.expect(2);
        join(receiver);
        steps.finish(3);
    }
}
