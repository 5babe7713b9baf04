package dev.coro.conformance.kotlinx;

import static dev.coro.conformance.kotlinx.ChannelKit.after;
import static dev.coro.conformance.kotlinx.ChannelKit.join;
import static dev.coro.conformance.kotlinx.ChannelKit.tryReceive;
import static dev.coro.conformance.kotlinx.ChannelKit.trySend;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coro.Channel;
import dev.coro.ChannelClosedException;
import dev.coro.Coro;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Port of kotlinx.coroutines {@code kotlinx-coroutines-core/common/test/channels/BufferedChannelTest.kt}:
 * {@code Channel(n)} is {@code Coro.channel(n)}. Kotlin's {@code isEmpty} and
 * {@code checkSegmentStructureInvariants()} (its segment-list implementation) have no counterpart and are left out;
 * {@code close()} is {@code done()}, {@code cancel(cause)} is {@code error(cause)}, {@code consumeEach} a loop.
 */
@Tag("conformance")
class BufferedChannelTest {

    private final Steps steps = new Steps();
    private final ChannelKit kit = new ChannelKit("buffered-");

    /** A buffered channel of a huge capacity does not allocate it. */
    @Test
    void testMemoryConsumption() {
        Channel<Integer> largeChannel = Coro.channel(Integer.MAX_VALUE / 2);
        for (int i = 0; i < 10_000; i++) {
            largeChannel.send(i);
        }
        for (int i = 0; i < 10_000; i++) {
            assertThat(largeChannel.receive()).isEqualTo(i);
        }
    }

    @Test
    void testIteratorHasNextIsIdempotent() {
        Channel<Integer> q = Coro.channel();
        Iterator<Integer> iter = q.iterator();
        steps.expect(1);
        CompletableFuture<Void> sender = kit.launch("sender", () -> {
            q.send(1); // sent
            after(steps, 5);
            steps.expect(6);
            q.done();
        });
        steps.expect(2);
        CompletableFuture<Void> receiver = kit.launch("receiver", () -> {
            assertThat(iter.hasNext()).isTrue();
            steps.expect(3);
            assertThat(iter.hasNext()).isTrue();
            assertThat(iter.hasNext()).isTrue();
            steps.expect(4);
            assertThat(iter.next()).isEqualTo(1);
            steps.expect(5);
            assertThat(iter.hasNext()).isFalse();
            steps.expect(7);
        });
        join(sender);
        join(receiver);
        assertThat(q.isClosedForReceive()).isTrue();
        steps.finish(8);
    }

    @Test
    void testSimple() {
        Channel<Integer> q = Coro.channel(1);
        steps.expect(1);
        CompletableFuture<Void> sender = kit.launch("sender", () -> {
            q.send(1); // success: buffered
            steps.expect(2);
            q.send(2); // suspends: the buffer is full
        });
        kit.waitSuspended("sender", "Channel.send");
        steps.expect(3);
        CompletableFuture<Void> receiver = kit.launch("receiver", () -> {
            assertThat(q.receive()).isEqualTo(1); // from the buffer; the waiting sender's element moves in
            steps.expect(4);
            assertThat(q.receive()).isEqualTo(2); // does not suspend
            steps.expect(5);
        });
        join(sender);
        join(receiver);
        assertThat(tryReceive(q)).isNull();
        steps.finish(6);
    }

    @Test
    void testClosedBufferedReceiveCatching() {
        Channel<Integer> q = Coro.channel(1);
        assertThat(q.isClosedForSend()).isFalse();
        assertThat(q.isClosedForReceive()).isFalse();
        steps.expect(1);
        q.send(42); // buffers
        steps.expect(2);
        q.done(); // goes on
        steps.expect(3);
        assertThat(q.isClosedForSend()).isTrue();
        assertThat(q.isClosedForReceive()).isFalse();
        CompletableFuture<Void> receiver = kit.launch("receiver", () -> {
            steps.expect(4);
            assertThat(q.isClosedForSend()).isTrue();
            assertThat(q.isClosedForReceive()).isFalse();
            assertThat(q.receiveOrNull()).isEqualTo(42);
            steps.expect(5);
            assertThat(q.isClosedForReceive()).isTrue();
            assertThat(q.receiveOrNull()).isNull();
            steps.expect(6);
        });
        join(receiver);
        assertThat(q.isClosedForSend()).isTrue();
        assertThat(q.isClosedForReceive()).isTrue();
        steps.finish(7);
    }

    @Test
    void testClosedExceptions() {
        Channel<Integer> q = Coro.channel(1);
        steps.expect(1);
        CompletableFuture<Void> receiver = kit.launch("receiver", () -> {
            try {
                q.receive();
                steps.expectUnreached();
            } catch (ChannelClosedException e) {
                steps.expect(3);
            }
        });
        kit.waitSuspended("receiver", "Channel.receive");
        steps.expect(2);
        q.done(); // Kotlin's require(q.close()): a first close succeeds
        join(receiver);
        steps.expect(4);
        assertThatThrownBy(() -> q.send(42)).isInstanceOf(ChannelClosedException.class);
        steps.finish(5);
    }

    @Test
    void testTryOp() {
        Channel<Integer> q = Coro.channel(1);
        assertThat(trySend(q, 1)).isTrue();
        steps.expect(1);
        CompletableFuture<Void> receiver = kit.launch("receiver", () -> {
            steps.expect(2);
            assertThat(tryReceive(q)).isEqualTo(1);
            steps.expect(3);
            assertThat(tryReceive(q)).isNull();
            steps.expect(4);
            assertThat(q.receive()).isEqualTo(2); // suspends
            after(steps, 8);
            steps.expect(9);
            assertThat(tryReceive(q)).isEqualTo(3);
            steps.expect(10);
            assertThat(tryReceive(q)).isNull();
            steps.expect(11);
        });
        kit.waitSuspended("receiver", "Channel.receive");
        steps.expect(5);
        assertThat(trySend(q, 2)).isTrue(); // to the waiting receiver
        steps.expect(6);
        assertThat(trySend(q, 3)).isTrue(); // buffered
        steps.expect(7);
        assertThat(trySend(q, 4)).isFalse(); // full
        steps.expect(8);
        join(receiver);
        steps.finish(12);
    }

    /**
     * Deliberate difference: {@code q.cancel()} is {@code q.error(new CancellationException())}; the suspended senders
     * get {@link ChannelClosedException} (Kotlin: CancellationException) and the buffered values are dropped
     * (docs/coroutines.md: "buffered values are dropped, as in Kotlin's cancel").
     */
    @Test
    void testConsumeAll() {
        Channel<Integer> q = Coro.channel(5);
        List<CompletableFuture<Void>> senders = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            steps.expect(i);
            if (i <= 5) {
                q.send(i); // shall buffer
            } else {
                int value = i;
                senders.add(kit.launch("sender-" + i + "-", () -> {
                    try {
                        q.send(value); // suspends
                        steps.expectUnreached();
                    } catch (ChannelClosedException e) {
                        // Kotlin: CancellationException
                    }
                }));
                kit.waitSuspended("sender-" + i + "-", "Channel.send");
            }
        }
        steps.expect(11);
        CancellationException cancel = new CancellationException("channel cancelled");
        q.error(cancel);
        assertThat(q.isClosedForSend()).isTrue();
        assertThat(q.isClosedForReceive()).isTrue();
        assertThatThrownBy(q::receiveOrNull).isSameAs(cancel);
        senders.forEach(ChannelKit::join);
        steps.finish(12);
    }

    @Test
    void testCancelWithCause() {
        Channel<Integer> channel = Coro.channel(5);
        CancellationException cause = new CancellationException("test cancellation");
        channel.error(cause);
        assertThatThrownBy(channel::receive).isSameAs(cause);
    }

    @Test
    void testBufferSize() {
        int capacity = 42;
        checkBufferChannel(Coro.channel(capacity), capacity);
    }

    @Test
    void testBufferSizeFromTheMiddle() {
        int capacity = 42;
        Channel<Integer> channel = Coro.channel(capacity);
        for (int i = 0; i < 4; i++) {
            trySend(channel, -1);
        }
        for (int i = 0; i < 4; i++) {
            channel.receiveOrNull();
        }
        checkBufferChannel(channel, capacity);
    }

    @Test
    void testBufferIsNotPreallocated() {
        List<Channel<Integer>> channels = new ArrayList<>();
        for (int i = 0; i <= 100_000; i++) {
            channels.add(Coro.channel(Integer.MAX_VALUE / 2));
        }
        assertThat(channels).hasSize(100_001);
    }

    private void checkBufferChannel(Channel<Integer> channel, int capacity) {
        steps.expect(1);
        CompletableFuture<Void> sender = kit.launch("sender", () -> {
            steps.expect(2);
            for (int i = 0; i < 42; i++) {
                channel.send(i); // fills the buffer without suspending
            }
            steps.expect(3);
            channel.send(42); // suspends
            channel.done();
        });
        kit.waitSuspended("sender", "Channel.send"); // Kotlin's yield
        steps.expect(4);
        List<Integer> result = new ArrayList<>(42);
        for (Integer v : channel) {
            result.add(v);
        }
        join(sender);
        assertThat(result).isEqualTo(IntStream.rangeClosed(0, capacity).boxed().toList());
        steps.finish(5);
    }
}
