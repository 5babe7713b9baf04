package dev.coro.conformance.kotlinx;

import static dev.coro.conformance.kotlinx.ChannelKit.tryReceive;
import static dev.coro.conformance.kotlinx.ChannelKit.trySend;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coro.Channel;
import dev.coro.ChannelClosedException;
import dev.coro.Coro;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Port of kotlinx.coroutines {@code kotlinx-coroutines-core/common/test/channels/UnlimitedChannelTest.kt}:
 * {@code Channel(UNLIMITED)} is {@code Coro.unlimitedChannel()}, {@code cancel(cause)} is {@code error(cause)}.
 */
@Tag("conformance")
class UnlimitedChannelTest {

    /**
     * Deliberate difference in one line: Kotlin's second {@code close()} returns false; our second {@code done()}
     * throws {@link ChannelClosedException} (docs/coroutines.md: "a second done() throws too (Go panics)").
     */
    @Test
    void testBasic() {
        Channel<Integer> c = Coro.unlimitedChannel();
        c.send(1);
        assertThat(trySend(c, 2)).isTrue();
        c.send(3);
        c.done();
        assertThatThrownBy(c::done).isInstanceOf(ChannelClosedException.class);
        assertThat(c.receive()).isEqualTo(1);
        assertThat(tryReceive(c)).isEqualTo(2);
        assertThat(c.receiveOrNull()).isEqualTo(3);
        assertThat(c.receiveOrNull()).isNull();
    }

    /** Kotlin's {@code cancel()} is {@code error(new CancellationException())}: the buffered values are dropped. */
    @Test
    void testConsumeAll() {
        Channel<Integer> q = Coro.unlimitedChannel();
        for (int i = 1; i <= 10; i++) {
            q.send(i); // buffers
        }
        q.error(new CancellationException("channel cancelled"));
        assertThat(q.isClosedForSend()).isTrue();
        assertThat(q.isClosedForReceive()).isTrue();
        assertThatThrownBy(q::receive).isInstanceOf(CancellationException.class);
    }

    @Test
    void testCancelWithCause() {
        Channel<Integer> channel = Coro.unlimitedChannel();
        CancellationException cause = new CancellationException("test cancellation");
        channel.error(cause);
        assertThatThrownBy(channel::receive).isSameAs(cause);
    }
}
