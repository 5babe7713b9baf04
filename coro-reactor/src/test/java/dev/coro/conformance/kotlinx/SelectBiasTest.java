package dev.coro.conformance.kotlinx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coro.Coro;
import dev.coro.SelectClause;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * Port of kotlinx.coroutines {@code kotlinx-coroutines-core/common/test/selects/SelectBiasTest.kt}: Kotlin's
 * {@code select} is {@link Coro#selectBiased}, {@code selectUnbiased} is {@link Coro#select}; {@code async { 0 }} is
 * a started coroutine Mono that replays its value, and {@code onAwait} is {@link SelectClause#onMono}.
 */
@Tag("conformance")
class SelectBiasTest {

    private final int n = 10_000;
    private final Launcher rig = new Launcher("select-bias");

    @Test
    void testBiased() {
        rig.run(() -> {
            Mono<Integer> d0 = rig.async(() -> 0);
            Mono<Integer> d1 = rig.async(() -> 1);
            // Kotlin's first select waits, and d0 completes first; ours run in parallel: both done before the loop.
            Coro.await(d0);
            Coro.await(d1);
            int[] counter = new int[2];
            for (int i = 0; i < n; i++) {
                int selected = Coro.selectBiased(SelectClause.onMono(d0, v -> 0), SelectClause.onMono(d1, v -> 1));
                counter[selected]++;
            }
            assertThat(counter[0]).isEqualTo(n);
            assertThat(counter[1]).isZero();
        });
    }

    @Test
    void testUnbiased() {
        rig.run(() -> {
            Mono<Integer> d0 = rig.async(() -> 0);
            Mono<Integer> d1 = rig.async(() -> 1);
            int[] counter = new int[2];
            for (int i = 0; i < n; i++) {
                int selected = Coro.select(SelectClause.onMono(d0, v -> 0), SelectClause.onMono(d1, v -> 1));
                counter[selected]++;
            }
            assertThat(counter[0]).isGreaterThanOrEqualTo(n / 4);
            assertThat(counter[1]).isGreaterThanOrEqualTo(n / 4);
        });
    }
}
