package dev.coro.conformance.kotlinx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coro.Coro;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/**
 * Port of kotlinx.coroutines {@code reactive/kotlinx-coroutines-reactor/test/FluxCompletionStressTest.kt} (and of
 * {@code reactive/kotlinx-coroutines-reactive/test/PublisherCompletionStressTest.kt}, the same test for
 * {@code publish {}}): a short generated range, collected by a coroutine, always arrives whole and in order.
 */
@Tag("stress")
@Tag("conformance")
class FluxCompletionStressTest {

    private static final int N_REPEATS =
            Integer.getInteger("coro.stress.rounds", System.getenv("CI") != null ? 2_000 : 10_000);

    private static Flux<Integer> range(int start, int count) {
        return Coro.flux(out -> {
            for (int x = start; x < start + count; x++) {
                out.yield(x);
            }
        });
    }

    @Test
    void testCompletion() {
        Random rnd = new Random();
        Coro.mono(() -> {
                    for (int i = 0; i < N_REPEATS; i++) {
                        int count = rnd.nextInt(5);
                        int received = 0;
                        for (int x : Coro.each(range(1, count), 16)) {
                            received++;
                            assertThat(x).isEqualTo(received);
                        }
                        assertThat(received).isEqualTo(count);
                    }
                    return null;
                })
                .block(Duration.ofMinutes(2));
    }
}
