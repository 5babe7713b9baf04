package dev.coro.conformance.kotlinx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coro.Coro;
import dev.coro.SelectClause;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Port of kotlinx.coroutines {@code kotlinx-coroutines-core/common/test/selects/SelectTimeoutDurationTest.kt}: Kotlin's {@code kotlin.time.Duration} is {@link java.time.Duration},
 * {@code select} is {@link Coro#selectBiased}, {@code selectUnbiased} is {@link Coro#select}.
 *
 * <p>Deliberate difference: Kotlin takes a negative timeout as zero; {@link SelectClause#onTimeout} refuses it with
 * {@link IllegalArgumentException}, as every timer of ours does ({@code Coro.sleep}, {@code Coro.withTimeout}). The
 * negative-timeout tests assert that, and then run Kotlin's select with zero in place of the negative timeout. A zero
 * timeout is a {@code Mono.delay(0)} on Reactor's timer (so that virtual time drives it): it becomes ready an instant
 * after the select has looked at its clauses, not during that look, so a fair select does not choose between two of
 * them; whichever fires first wins.
 */
@Tag("conformance")
class SelectTimeoutDurationTest {

    private final Steps steps = new Steps();

    private String unreached() {
        steps.expectUnreached();
        return "FAIL";
    }

    @Test
    void testBasic() {
        steps.expect(1);
        String result = Coro.selectBiased(
                SelectClause.onTimeout(Duration.ofMillis(1000), this::unreached),
                SelectClause.onTimeout(Duration.ofMillis(100), () -> {
                    steps.expect(2);
                    return "OK";
                }),
                SelectClause.onTimeout(Duration.ofMillis(500), this::unreached));
        assertThat(result).isEqualTo("OK");
        steps.finish(3);
    }

    @Test
    void testZeroTimeout() {
        steps.expect(1);
        String result = Coro.selectBiased(
                SelectClause.onTimeout(Duration.ofSeconds(1), this::unreached),
                SelectClause.onTimeout(Duration.ZERO, () -> {
                    steps.expect(2);
                    return "OK";
                }));
        assertThat(result).isEqualTo("OK");
        steps.finish(3);
    }

    @Test
    void testNegativeTimeout() {
        steps.expect(1);
        assertThatThrownBy(() -> SelectClause.onTimeout(Duration.ofMillis(-10), () -> "OK"))
                .isInstanceOf(IllegalArgumentException.class);
        String result = Coro.selectBiased(
                SelectClause.onTimeout(Duration.ofSeconds(1), this::unreached),
                SelectClause.onTimeout(Duration.ZERO, () -> {
                    steps.expect(2);
                    return "OK";
                }));
        assertThat(result).isEqualTo("OK");
        steps.finish(3);
    }

    @Test
    void testUnbiasedNegativeTimeout() {
        assertThatThrownBy(() -> SelectClause.onTimeout(Duration.ofMillis(-1000), () -> 0))
                .isInstanceOf(IllegalArgumentException.class);
        int[] counters = {0, 0, 0};
        int iterations = ITERATIONS;
        for (int i = 0; i <= iterations; i++) {
            int result = Coro.select(
                    SelectClause.onTimeout(Duration.ZERO, () -> 0),
                    SelectClause.onTimeout(Duration.ZERO, () -> 1),
                    SelectClause.onTimeout(Duration.ofSeconds(1), () -> {
                        steps.expectUnreached();
                        return 2;
                    }));
            ++counters[result];
        }
        assertThat(counters[2]).isZero();
        assertThat(counters[0]).as("counters %s", Arrays.toString(counters)).isGreaterThan(iterations / 4);
        assertThat(counters[1]).as("counters %s", Arrays.toString(counters)).isGreaterThan(iterations / 4);
        steps.finish(1);
    }

    private static final int ITERATIONS = 10_000;
}
