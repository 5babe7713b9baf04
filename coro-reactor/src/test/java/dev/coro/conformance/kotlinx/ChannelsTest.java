package dev.coro.conformance.kotlinx;

import static dev.coro.conformance.kotlinx.ChannelKit.trySend;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coro.Channel;
import dev.coro.ChannelClosedException;
import dev.coro.Coro;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Port of kotlinx.coroutines {@code kotlinx-coroutines-core/common/test/channels/ChannelsTest.kt}. Kotlin's
 * {@code asReceiveChannel()} ({@code produce} over an iterable) is a coroutine sending into a rendezvous channel and
 * then calling {@code done()}; {@code toList()} and {@code consumeTo()} are a {@code for} loop over the channel.
 */
@Tag("conformance")
class ChannelsTest {

    private static final List<Integer> TEST_LIST = List.of(1, 2, 3);

    private final Steps steps = new Steps();
    private final ChannelKit kit = new ChannelKit("channels-");

    private <E> Channel<E> asReceiveChannel(List<E> elements) {
        Channel<E> channel = Coro.channel();
        kit.launch("producer", () -> {
            try {
                for (E e : elements) {
                    channel.send(e);
                }
            } finally {
                channel.done();
            }
        });
        return channel;
    }

    private static <E> List<E> toList(Channel<E> channel) {
        return consumeTo(channel, new ArrayList<>());
    }

    private static <E> List<E> consumeTo(Channel<E> channel, List<E> destination) {
        for (E e : channel) {
            destination.add(e);
        }
        return destination;
    }

    @Test
    void testIterableAsReceiveChannel() {
        assertThat(toList(asReceiveChannel(TEST_LIST))).isEqualTo(TEST_LIST);
    }

    /** Every suspended receiver gets ChannelClosedException on close (the order they wake in is the scheduler's). */
    @Test
    void testCloseWithMultipleSuspendedReceivers() {
        Channel<Integer> channel = Coro.channel();
        List<CompletableFuture<Void>> receivers = new ArrayList<>();
        for (String name : List.of("receiver-a", "receiver-b")) {
            receivers.add(kit.launch(name, () -> {
                try {
                    channel.receive();
                    steps.expectUnreached();
                } catch (ChannelClosedException e) {
                    // expected
                }
            }));
            kit.waitSuspended(name, "Channel.receive");
        }
        steps.expect(1);
        channel.done();
        receivers.forEach(ChannelKit::join);
        steps.finish(2);
    }

    /**
     * Deliberate difference: Kotlin's {@code cancel()} is {@code error(new CancellationException())}, and the
     * suspended senders get {@link ChannelClosedException} (Kotlin: CancellationException; Channel.done()/error():
     * "Senders suspended on a full channel get ChannelClosedException").
     */
    @Test
    void testCloseWithMultipleSuspendedSenders() {
        Channel<Integer> channel = Coro.channel();
        List<CompletableFuture<Void>> senders = new ArrayList<>();
        for (String name : List.of("sender-a", "sender-b")) {
            senders.add(kit.launch(name, () -> {
                try {
                    channel.send(42);
                    steps.expectUnreached();
                } catch (ChannelClosedException e) {
                    // Kotlin: CancellationException
                }
            }));
            kit.waitSuspended(name, "Channel.send");
        }
        steps.expect(1);
        channel.error(new CancellationException("channel cancelled"));
        senders.forEach(ChannelKit::join);
        steps.finish(2);
    }

    @Test
    void testEmptyToList() {
        assertThat(toList(asReceiveChannel(List.of()))).isEmpty();
    }

    @Test
    void testToList() {
        assertThat(toList(asReceiveChannel(TEST_LIST))).isEqualTo(TEST_LIST);
    }

    @Test
    void testToListOnFailedChannel() {
        Channel<Integer> channel = Coro.channel();
        channel.error(new TestException());
        assertThatThrownBy(() -> toList(channel)).isInstanceOf(TestException.class);
    }

    @Test
    void testEmptyConsumeToWithDestination() {
        List<Integer> initialList = List.of(-1, -2, -3);
        List<Integer> destination = new ArrayList<>(initialList);
        consumeTo(asReceiveChannel(List.<Integer>of()), destination);
        assertThat(destination).isEqualTo(initialList);
    }

    @Test
    void testConsumeToWithDestination() {
        List<Integer> initialList = List.of(-1, -2, -3);
        List<Integer> destination = new ArrayList<>(initialList);
        consumeTo(asReceiveChannel(TEST_LIST), destination);
        List<Integer> expected = new ArrayList<>(initialList);
        expected.addAll(TEST_LIST);
        assertThat(destination).isEqualTo(expected);
    }

    /**
     * Deliberate difference: Kotlin's {@code close(TestException())} keeps the five buffered values, so the
     * destination gets them before the exception; our {@code error(e)} drops them (docs/coroutines.md: "buffered values
     * are dropped, as in Kotlin's cancel"), so the destination stays as it was and the exception comes first.
     */
    @Test
    void testConsumeToWithDestinationOnFailedChannel() {
        List<Integer> initialList = List.of(-1, -2, -3);
        List<Integer> destination = new ArrayList<>(initialList);
        Channel<Integer> channel = Coro.channel(10);
        IntStream.rangeClosed(1, 5).forEach(i -> assertThat(trySend(channel, i)).isTrue());
        channel.error(new TestException());
        assertThatThrownBy(() -> consumeTo(channel, destination)).isInstanceOf(TestException.class);
        assertThat(destination).isEqualTo(initialList); // Kotlin: initialList + 1..5
    }
}
