package dev.coro.conformance.kotlinx;

import static dev.coro.conformance.kotlinx.ChannelKit.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coro.Channel;
import dev.coro.Coro;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Port of kotlinx.coroutines {@code kotlinx-coroutines-core/common/test/channels/ChannelReceiveCatchingTest.kt}:
 * {@code receiveCatching()} is {@code receiveOrNull()}, which returns the value, {@code null} once done, or throws the
 * error the channel was closed with (Kotlin's {@code ChannelResult} holds that error instead). The tests of
 * {@code ChannelResult} itself (unsigned values, results as values, {@code toString}) do not apply.
 */
@Tag("conformance")
class ChannelReceiveCatchingTest {

    private final Steps steps = new Steps();
    private final ChannelKit kit = new ChannelKit("receive-catching-");

    static final class TestException1 extends RuntimeException {
        TestException1() {
            super("test exception 1");
        }
    }

    static final class TestException2 extends RuntimeException {
        TestException2() {
            super("test exception 2");
        }
    }

    @Test
    void testChannelOfThrowables() {
        Channel<Throwable> channel = Coro.channel();
        CompletableFuture<Void> sender = kit.launch("sender", () -> {
            channel.send(new TestException1());
            channel.error(new TestException2());
        });
        assertThat(channel.receiveOrNull()).isInstanceOf(TestException1.class); // a value, not thrown
        assertThatThrownBy(channel::receiveOrNull).isInstanceOf(TestException2.class); // closed with it
        join(sender);
    }

    /**
     * Deliberate difference: channels carry non-null values, so {@code send(null)} throws NullPointerException (Kotlin
     * sends it on a {@code Channel<Int?>}); a {@code null} from {@code receiveOrNull()} always means done
     * (Channel.send: "@param value the value, not null").
     */
    @Test
    void testNullableIntChanel() {
        Channel<Integer> channel = Coro.channel();
        steps.expect(1);
        CompletableFuture<Void> sender = kit.launch("sender", () -> {
            steps.expect(2);
            channel.send(1);
            assertThatThrownBy(() -> channel.send(null)).isInstanceOf(NullPointerException.class);
            channel.done();
        });
        assertThat(channel.receiveOrNull()).isEqualTo(1);
        assertThat(channel.receiveOrNull()).as("closed").isNull();
        assertThat(channel.receiveOrNull()).as("closed again").isNull();
        join(sender);
        steps.finish(3);
    }

    /** Kotlin's {@code cancel()} is {@code error(new CancellationException())}: the waiting receive throws it. */
    @Test
    void testCancelChannel() {
        Channel<Boolean> channel = Coro.channel();
        kit.runMain(() -> {
            CompletableFuture<Void> canceller = kit.launch("canceller", () -> {
                kit.waitSuspended("test-main", "Channel.receive");
                steps.expect(2);
                channel.error(new CancellationException("channel cancelled"));
            });
            steps.expect(1);
            assertThatThrownBy(channel::receiveOrNull).isInstanceOf(CancellationException.class);
            join(canceller);
            steps.finish(3);
        });
    }
}
