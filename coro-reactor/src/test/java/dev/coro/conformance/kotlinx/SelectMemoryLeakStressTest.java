package dev.coro.conformance.kotlinx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coro.Channel;
import dev.coro.Coro;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Port of kotlinx.coroutines {@code kotlinx-coroutines-core/jvm/test/selects/SelectMemoryLeakStressTest.kt}: a
 * select whose other clause is always ready must leave nothing behind on the channel of the clause that never wins,
 * though that clause's function holds a 4 KiB array: 1,000,000 selects (Kotlin's count; 200,000 with {@code CI})
 * would exhaust the heap if each left its clause on the idle channel. {@code select} is {@link Coro#selectBiased}.
 */
@Tag("conformance")
@Tag("stress")
class SelectMemoryLeakStressTest {

    private final int nRepeat = System.getenv("CI") != null ? 200_000 : 1_000_000;
    private final Steps steps = new Steps();

    @Test
    void testLeakRegisterSend() {
        steps.expect(1);
        Channel<String> leak = Coro.channel();
        Channel<Integer> data = Coro.channel(1);
        for (int value = 0; value < nRepeat; value++) {
            data.send(value);
            byte[] bigValue = bigValue(); // new instance
            int v = value;
            Coro.<Void>selectBiased(
                    leak.onSend("LEAK", () -> {
                        steps.expectUnreached();
                        return bigValue.length > 0 ? null : null; // captures the big value
                    }),
                    data.onReceive(received -> {
                        assertThat(received).isEqualTo(v);
                        steps.expect(v + 2);
                        return null;
                    }));
        }
        steps.finish(nRepeat + 2);
    }

    @Test
    void testLeakRegisterReceive() {
        steps.expect(1);
        Channel<String> leak = Coro.channel();
        Channel<Integer> data = Coro.channel(1);
        for (int value = 0; value < nRepeat; value++) {
            byte[] bigValue = bigValue(); // new instance
            int v = value;
            Coro.<Void>selectBiased(
                    leak.onReceive(x -> {
                        steps.expectUnreached();
                        return bigValue.length > 0 ? null : null; // captures the big value
                    }),
                    data.onSend(value, () -> {
                        steps.expect(v + 2);
                        return null;
                    }));
            assertThat(data.receive()).isEqualTo(value);
        }
        steps.finish(nRepeat + 2);
    }

    private static byte[] bigValue() {
        return new byte[4096];
    }
}
