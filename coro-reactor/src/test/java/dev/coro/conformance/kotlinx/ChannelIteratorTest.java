package dev.coro.conformance.kotlinx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coro.Channel;
import java.util.Iterator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Port of kotlinx.coroutines {@code kotlinx-coroutines-core/common/test/channels/ChannelIteratorTest.kt}, parameterized
 * over the kinds we have ({@link ChannelKit.Kind}); {@code close(e)} is {@code error(e)}.
 */
@Tag("conformance")
class ChannelIteratorTest {

    @ParameterizedTest
    @EnumSource(ChannelKit.Kind.class)
    void testIteratorClosedHasNextFalse(ChannelKit.Kind kind) {
        Channel<Integer> channel = kind.create();
        Iterator<Integer> iterator = channel.iterator();
        channel.done();
        assertThat(iterator.hasNext()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(ChannelKit.Kind.class)
    void testIteratorClosedWithExceptionHasNextThrows(ChannelKit.Kind kind) {
        Channel<Integer> channel = kind.create();
        Iterator<Integer> iterator = channel.iterator();
        channel.error(new TestException());
        assertThatThrownBy(iterator::hasNext).isInstanceOf(TestException.class);
    }
}
