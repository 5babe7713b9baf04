package dev.coro.conformance.kotlinx;

import static dev.coro.conformance.kotlinx.ChannelKit.join;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coro.Channel;
import dev.coro.Coro;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Port of kotlinx.coroutines {@code kotlinx-coroutines-core/common/test/channels/ProduceConsumeTest.kt}: Kotlin's
 * {@code produce(capacity) { ... }} is a channel of that capacity and a coroutine that sends into it and then calls
 * {@code done()} (what {@code produce} does when its block ends); the consumer is a {@code for} loop. Kotlin's
 * {@code testRendezvous} passes capacity 1 (as {@code testSmallBuffer}); the port uses 0, as its name says.
 */
@Tag("conformance")
class ProduceConsumeTest {

    private final ChannelKit kit = new ChannelKit("produce-consume-");

    @Test
    void testRendezvous() {
        testProducer(0);
    }

    @Test
    void testSmallBuffer() {
        testProducer(1);
    }

    @Test
    void testMediumBuffer() {
        testProducer(10);
    }

    @Test
    void testLargeMediumBuffer() {
        testProducer(1000);
    }

    @Test
    void testUnlimited() {
        testProducer(Integer.MAX_VALUE);
    }

    private void testProducer(int producerCapacity) {
        testProducer(1, producerCapacity);
        testProducer(10, producerCapacity);
        testProducer(100, producerCapacity);
    }

    static Channel<Integer> channelOf(int capacity) {
        return capacity == Integer.MAX_VALUE ? Coro.unlimitedChannel() : Coro.channel(capacity);
    }

    private void testProducer(int messages, int producerCapacity) {
        AtomicBoolean sentAll = new AtomicBoolean();
        Channel<Integer> producer = channelOf(producerCapacity);
        CompletableFuture<Void> job = kit.launch("producer", () -> {
            for (int i = 1; i <= messages; i++) {
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
        assertThat(consumed).isEqualTo(messages);
    }
}
