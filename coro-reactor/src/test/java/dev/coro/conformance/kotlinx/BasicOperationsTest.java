package dev.coro.conformance.kotlinx;

import static dev.coro.conformance.kotlinx.ChannelKit.join;
import static dev.coro.conformance.kotlinx.ChannelKit.trySend;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coro.Channel;
import dev.coro.ChannelClosedException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Port of kotlinx.coroutines {@code kotlinx-coroutines-core/common/test/channels/BasicOperationsTest.kt}. Kotlin loops
 * over every {@code TestChannelKind} inside each test; here each test is parameterized over the kinds we have
 * ({@link ChannelKit.Kind}: no conflated or broadcast kinds). The {@code invokeOnClose} tests do not apply (no close
 * handlers); {@code close()} is {@code done()}, {@code receiveCatching} is {@code receiveOrNull()}.
 */
@Tag("conformance")
class BasicOperationsTest {

    private final Steps steps = new Steps();
    private final ChannelKit kit = new ChannelKit("basic-ops-");

    @ParameterizedTest
    @EnumSource(ChannelKit.Kind.class)
    void testSimpleSendReceive(ChannelKit.Kind kind) {
        int iterations = 20;
        Channel<Integer> channel = kind.create();
        CompletableFuture<Void> sender = kit.launch("sender", () -> {
            for (int i = 0; i < iterations; i++) {
                channel.send(i);
            }
            channel.done();
        });
        int expected = 0;
        for (Integer x : channel) {
            assertThat(x).isEqualTo(expected++);
        }
        assertThat(expected).isEqualTo(iterations);
        join(sender);
    }

    @ParameterizedTest
    @EnumSource(
            value = ChannelKit.Kind.class,
            names = {"UNLIMITED"},
            mode = EnumSource.Mode.EXCLUDE)
    void testTrySendToFullChannel(ChannelKit.Kind kind) {
        Channel<Integer> channel = kind.create();
        for (int i = 0; i < 11; i++) {
            trySend(channel, 42); // make it full
        }
        assertThat(trySend(channel, 1)).as("a failed, not closed, trySend").isFalse();
    }

    /**
     * Deliberate difference for {@code RENDEZVOUS}: Kotlin's {@code close()} leaves the suspended {@code send(42)} to be
     * received; ours is Go's close, under which that sender throws {@link ChannelClosedException} and 42 is not
     * delivered (Channel.done(): "Senders suspended on a full channel get ChannelClosedException"). The buffered kinds
     * behave as in Kotlin: 42 was buffered and is received after the close.
     */
    @ParameterizedTest
    @EnumSource(ChannelKit.Kind.class)
    void testTrySendAfterClose(ChannelKit.Kind kind) {
        Channel<Integer> channel = kind.create();
        CompletableFuture<Void> d = kit.launch("sender", () -> channel.send(42));
        if (kind == ChannelKit.Kind.RENDEZVOUS) {
            kit.waitSuspended("sender", "Channel.send");
        } else {
            join(d); // buffered
        }
        channel.done();
        assertThat(channel.isClosedForSend()).isTrue();
        assertThatThrownBy(() -> trySend(channel, 2)).isInstanceOf(ChannelClosedException.class);
        if (kind == ChannelKit.Kind.RENDEZVOUS) {
            assertThatThrownBy(() -> join(d)).isInstanceOf(ChannelClosedException.class);
            assertThat(channel.receiveOrNull()).isNull();
        } else {
            assertThat(channel.receive()).isEqualTo(42);
        }
    }

    /** A send on a closed channel fails its coroutine with ChannelClosedException: not eaten (Kotlin issue 957). */
    @ParameterizedTest
    @EnumSource(ChannelKit.Kind.class)
    void testSendAfterClose(ChannelKit.Kind kind) {
        Channel<Integer> channel = kind.create();
        channel.done();
        CompletableFuture<Void> sender = kit.launch("sender", () -> channel.send(1));
        assertThatThrownBy(() -> join(sender)).isInstanceOf(ChannelClosedException.class);
    }

    @ParameterizedTest
    @EnumSource(ChannelKit.Kind.class)
    void testReceiveCatching(ChannelKit.Kind kind) {
        Channel<Integer> channel = kind.create();
        steps.expect(1);
        CompletableFuture<Void> sender = kit.launch("sender", () -> {
            steps.expect(2);
            channel.send(1);
        });
        assertThat(channel.receiveOrNull()).isEqualTo(1);
        steps.expect(3);
        CompletableFuture<Void> closer = kit.launch("closer", () -> {
            steps.expect(4);
            channel.done();
        });
        assertThat(channel.receiveOrNull()).as("closed, without an error").isNull();
        steps.expect(5);
        join(sender);
        join(closer);
        steps.finish(6);
    }

    /**
     * Deliberate difference: Kotlin's {@code next()} without {@code hasNext()} throws IllegalStateException; ours
     * receives, as {@link java.util.Iterator} allows {@code next()} alone (on the open, empty channel it would wait, so
     * that first call is left out). Once the channel is done, {@code hasNext()} is false and {@code next()} throws
     * NoSuchElementException (Kotlin: IllegalStateException, then NoSuchElementException after {@code hasNext()}).
     */
    @ParameterizedTest
    @EnumSource(ChannelKit.Kind.class)
    void testIteratorHasNextMustPrecedeNext(ChannelKit.Kind kind) {
        Channel<Integer> channel = kind.create();
        Iterator<Integer> iterator = channel.iterator();
        channel.done();
        assertThatThrownBy(iterator::next).isInstanceOf(NoSuchElementException.class);
        assertThat(iterator.hasNext()).isFalse();
        assertThatThrownBy(iterator::next).isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(iterator::next).isInstanceOf(NoSuchElementException.class);
    }
}
