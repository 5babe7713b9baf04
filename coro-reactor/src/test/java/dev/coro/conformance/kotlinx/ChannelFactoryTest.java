package dev.coro.conformance.kotlinx;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coro.Coro;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Port of kotlinx.coroutines {@code kotlinx-coroutines-core/common/test/channels/ChannelFactoryTest.kt}. Only the
 * capacity check applies: the other tests assert which internal class Kotlin's factory picks for a capacity and a
 * {@code BufferOverflow} (we have one channel class and no overflow policies).
 */
@Tag("conformance")
class ChannelFactoryTest {

    @Test
    void testInvalidCapacityNotSupported() {
        assertThatThrownBy(() -> Coro.channel(-3)).isInstanceOf(IllegalArgumentException.class);
    }
}
