package dev.coro.conformance.kotlinx;

import static dev.coro.conformance.kotlinx.WithTimeoutOrNullTest.withTimeoutOrNull;
import static dev.coro.conformance.kotlinx.WithTimeoutTest.inCoroutine;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coro.Coro;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Port of kotlinx.coroutines {@code kotlinx-coroutines-core/common/test/WithTimeoutOrNullDurationTest.kt}: only the
 * tests that differ from {@link WithTimeoutOrNullTest} (whose {@code Duration} ports they repeat otherwise), the two
 * that pass {@code Duration.INFINITE}. Java's largest {@link Duration} is {@code ChronoUnit.FOREVER}'s.
 */
@Tag("conformance")
class WithTimeoutOrNullDurationTest {

    private static final Duration INFINITE = ChronoUnit.FOREVER.getDuration();

    private final Steps steps = new Steps();

    @Test
    void testThrowException() {
        assertThatThrownBy(() -> inCoroutine(() -> withTimeoutOrNull(INFINITE, () -> {
                    throw new AssertionError();
                })))
                .isInstanceOf(AssertionError.class);
    }

    /** Deliberate difference, as {@link WithTimeoutOrNullTest#testNestedTimeout()}. */
    @Test
    void testNestedTimeout() {
        assertThatThrownBy(() -> inCoroutine(() -> {
                    Coro.withTimeout(
                            INFINITE,
                            () -> Coro.withTimeout(Duration.ofMillis(10), () -> {
                                Coro.sleep(INFINITE);
                                return 1;
                            }));
                    steps.expectUnreached();
                    return null;
                }))
                .isInstanceOf(TimeoutException.class)
                .hasMessageContaining("within PT0.01S");
        steps.finish(1);
    }
}
