package dev.coro.conformance.kotlinx;

import static dev.coro.conformance.kotlinx.ChannelKit.join;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coro.Channel;
import dev.coro.Coro;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Port of kotlinx.coroutines {@code kotlinx-coroutines-core/jvm/test/channels/BufferedChannelStressTest.kt}, with
 * Kotlin's capacities (1, 10, 100, 100_000, 1_000_000). {@code testStress} passes 100_000 values (10_000 with
 * {@code CI}); {@code testBurst} (capacities below 100_000, as Kotlin's {@code assumeTrue}) runs 10_000 rounds
 * (1_000 with {@code CI}) of a fresh channel filled twice over.
 */
@Tag("conformance")
@Tag("stress")
class BufferedChannelStressTest {

    private final Steps steps = new Steps();
    private final ChannelKit kit = new ChannelKit("buffered-stress-");

    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(ints = {1, 10, 100, 100_000, 1_000_000})
    void testStress(int capacity) {
        int n = ChannelKit.CI ? 10_000 : 100_000;
        Channel<Integer> q = Coro.channel(capacity);
        CompletableFuture<Void> sender = kit.launch("sender", () -> {
            for (int i = 1; i <= n; i++) {
                q.send(i);
            }
        });
        CompletableFuture<Void> receiver = kit.launch("receiver", () -> {
            for (int i = 1; i <= n; i++) {
                int next = q.receive();
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

    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(ints = {1, 10, 100})
    void testBurst(int capacity) {
        int rounds = ChannelKit.CI ? 1_000 : 10_000;
        for (int round = 0; round < rounds; round++) {
            Channel<Integer> channel = Coro.channel(capacity);
            CompletableFuture<Void> sender = kit.launch("sender", () -> {
                for (int i = 1; i <= capacity * 2; i++) {
                    channel.send(i);
                }
            });
            CompletableFuture<Void> receiver = kit.launch("receiver", () -> {
                for (int i = 1; i <= capacity * 2; i++) {
                    int next = channel.receive();
                    if (next != i) {
                        assertThat(next).isEqualTo(i);
                    }
                }
            });
            join(sender);
            join(receiver);
        }
    }
}
