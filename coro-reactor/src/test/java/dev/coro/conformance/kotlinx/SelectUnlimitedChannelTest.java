package dev.coro.conformance.kotlinx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coro.Channel;
import dev.coro.ChannelClosedException;
import dev.coro.Coro;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Port of kotlinx.coroutines {@code kotlinx-coroutines-core/common/test/selects/SelectUnlimitedChannelTest.kt}:
 * {@code Channel(UNLIMITED)} is {@link Coro#unlimitedChannel()}, {@code select} is {@link Coro#selectBiased},
 * {@code close()} is {@code done()}.
 */
@Tag("conformance")
class SelectUnlimitedChannelTest {

    private final Steps steps = new Steps();

    @Test
    void testSelectSendWhenClosed() {
        steps.expect(1);
        Channel<Integer> c = Coro.unlimitedChannel();
        c.send(1); // enqueue buffered element
        c.done(); // then close
        assertThatThrownBy(() -> {
                    steps.expect(2);
                    Coro.<Void>selectBiased(c.onSend(2, () -> {
                        steps.expectUnreached();
                        return null;
                    }));
                })
                .isInstanceOf(ChannelClosedException.class);
        assertThat(c.receive()).isEqualTo(1); // the buffered element is still there (not in Kotlin's test)
        steps.finish(3);
    }
}
