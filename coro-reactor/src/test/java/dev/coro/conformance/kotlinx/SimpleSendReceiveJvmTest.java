package dev.coro.conformance.kotlinx;

import static dev.coro.conformance.kotlinx.ChannelKit.join;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coro.Channel;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Port of kotlinx.coroutines {@code kotlinx-coroutines-core/jvm/test/channels/SimpleSendReceiveJvmTest.kt},
 * parameterized over the kinds we have ({@link ChannelKit.Kind}) and Kotlin's message counts. Kotlin's third parameter
 * ({@code concurrent}: the producer on {@code Dispatchers.Default} or on the test's own thread) has no counterpart: a
 * coroutine always runs on a virtual thread of its own, so both settings are the same run here.
 */
@Tag("conformance")
class SimpleSendReceiveJvmTest {

    private final ChannelKit kit = new ChannelKit("simple-send-receive-");

    static Stream<Arguments> params() {
        List<Integer> counts = List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 100, 1000);
        return Arrays.stream(ChannelKit.Kind.values())
                .flatMap(kind -> counts.stream().map(n -> Arguments.of(kind, n)));
    }

    @ParameterizedTest(name = "{0}, n={1}")
    @MethodSource("params")
    void testSimpleSendReceive(ChannelKit.Kind kind, int n) {
        Channel<Integer> channel = kind.create();
        CompletableFuture<Void> producer = kit.launch("producer", () -> {
            for (int i = 0; i < n; i++) {
                channel.send(i);
            }
            channel.done();
        });
        int expected = 0;
        for (Integer x : channel) {
            assertThat(x).isEqualTo(expected++);
        }
        assertThat(expected).isEqualTo(n);
        join(producer);
    }
}
