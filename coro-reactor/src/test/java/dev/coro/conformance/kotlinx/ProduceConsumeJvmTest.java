package dev.coro.conformance.kotlinx;

import static dev.coro.conformance.kotlinx.ChannelKit.join;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coro.Channel;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Port of kotlinx.coroutines {@code kotlinx-coroutines-core/jvm/test/channels/ProduceConsumeJvmTest.kt}, with Kotlin's
 * parameters (capacity 0, 1, 10, 1000, unlimited; 1, 10, 1000 messages). {@code produce} is a channel plus a coroutine
 * that sends and then calls {@code done()}; {@code actor} is a channel plus a coroutine looping over it (we have no
 * actor builder; this is what one would do).
 */
@Tag("conformance")
class ProduceConsumeJvmTest {

    private final ChannelKit kit = new ChannelKit("produce-consume-jvm-");

    static Stream<Arguments> params() {
        return Stream.of(0, 1, 10, 1000, Integer.MAX_VALUE)
                .flatMap(capacity -> List.of(1, 10, 1000).stream().map(number -> Arguments.of(capacity, number)));
    }

    @ParameterizedTest(name = "capacity={0}, number={1}")
    @MethodSource("params")
    void testProducer(int capacity, int number) {
        AtomicBoolean sentAll = new AtomicBoolean();
        Channel<Integer> producer = ProduceConsumeTest.channelOf(capacity);
        CompletableFuture<Void> job = kit.launch("producer", () -> {
            for (int i = 1; i <= number; i++) {
                producer.send(i);
            }
            sentAll.set(true);
            producer.done();
        });
        int consumed = 0;
        for (Integer ignored : producer) {
            consumed++;
        }
        join(job);
        assertThat(sentAll).isTrue();
        assertThat(consumed).isEqualTo(number);
    }

    @ParameterizedTest(name = "capacity={0}, number={1}")
    @MethodSource("params")
    void testActor(int capacity, int number) {
        AtomicInteger received = new AtomicInteger(-1);
        Channel<Integer> actor = ProduceConsumeTest.channelOf(capacity);
        CompletableFuture<Void> job = kit.launch("actor", () -> {
            int n = 0;
            for (Integer ignored : actor) {
                n++;
            }
            received.set(n);
        });
        for (int i = 1; i <= number; i++) {
            actor.send(i);
        }
        actor.done();
        join(job);
        assertThat(received.get()).isEqualTo(number);
    }
}
