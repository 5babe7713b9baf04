package dev.coro.conformance.kotlinx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coro.Channel;
import dev.coro.Coro;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Port of kotlinx.coroutines {@code kotlinx-coroutines-core/common/test/channels/ChannelPropertiesTest.kt} (class
 * {@code ChannelPropertiesAfterClosingTest}), parameterized over the kinds we have ({@link ChannelKit.Kind}).
 * {@code close(null)} is {@code done()}, {@code close(e)} is {@code error(e)}; Kotlin's {@code isEmpty} has no
 * counterpart, so {@code testClosedIsEmptyFalse} does not apply.
 */
@Tag("conformance")
class ChannelPropertiesAfterClosingTest {

    private static void close(Channel<Integer> channel, boolean withException) {
        if (withException) {
            channel.error(new TestException());
        } else {
            channel.done();
        }
    }

    @ParameterizedTest
    @EnumSource(ChannelKit.Kind.class)
    void testClosedIsClosedForReceive(ChannelKit.Kind kind) {
        for (boolean withException : new boolean[] {false, true}) {
            Channel<Integer> channel = kind.create();
            assertThat(channel.isClosedForReceive()).isFalse();
            close(channel, withException);
            assertThat(channel.isClosedForReceive()).isTrue();
        }
    }

    /**
     * Deliberate difference for the close with an exception: Kotlin's {@code close(e)} keeps the buffered 1, so the
     * channel is not closed for receive until it is received; our {@code error(e)} drops it, so the channel is closed
     * for receive at once and {@code receive()} throws {@code e} (docs/coroutines.md: "buffered values are dropped, as
     * in Kotlin's cancel"). The plain close ({@code done()}) behaves as Kotlin's.
     */
    @Test
    void testSendClosedReceiveIsEmptyFalse() {
        for (boolean withException : new boolean[] {false, true}) {
            Channel<Integer> channel = Coro.channel(1);
            assertThat(channel.isClosedForReceive()).isFalse();
            channel.send(1);
            assertThat(channel.isClosedForReceive()).isFalse();
            close(channel, withException);
            if (withException) {
                assertThat(channel.isClosedForReceive()).isTrue();
                assertThatThrownBy(channel::receive).isInstanceOf(TestException.class);
            } else {
                assertThat(channel.isClosedForReceive()).isFalse();
                assertThat(channel.receive()).isEqualTo(1);
            }
            assertThat(channel.isClosedForReceive()).isTrue();
        }
    }
}
