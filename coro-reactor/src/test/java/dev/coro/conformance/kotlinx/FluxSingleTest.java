package dev.coro.conformance.kotlinx;

import static dev.coro.Coro.awaitFirst;
import static dev.coro.Coro.awaitFirstOrNull;
import static dev.coro.Coro.awaitLast;
import static dev.coro.Coro.awaitSingle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coro.Coro;
import java.time.Duration;
import java.util.Objects;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/**
 * Port of kotlinx.coroutines {@code reactive/kotlinx-coroutines-reactor/test/FluxSingleTest.kt}. Kotlin's
 * {@code awaitFirstOrDefault(d)} and {@code awaitFirstOrElse { d }} have no twin in our API: they are
 * {@code Objects.requireNonNullElse(awaitFirstOrNull(p), d)}, which the ports spell out. Collecting a Flux is a loop
 * over {@code Coro.each}.
 */
@Tag("conformance")
class FluxSingleTest {

    private static String single(Flux<String> flux) {
        return Objects.requireNonNull(flux.single().block(Duration.ofSeconds(10)));
    }

    @Test
    void testSingleNoWait() {
        assertThat(single(Coro.flux(out -> out.yield("OK")))).isEqualTo("OK");
    }

    @Test
    void testSingleAwait() {
        assertThat(awaitSingle(Flux.just("O")) + "K").isEqualTo("OK");
    }

    @Test
    void testSingleEmitAndAwait() {
        assertThat(single(Coro.flux(out -> out.yield(awaitSingle(Flux.just("O")) + "K"))))
                .isEqualTo("OK");
    }

    @Test
    void testSingleWithDelay() {
        assertThat(single(Coro.flux(
                        out -> out.yield(awaitSingle(Flux.just("O").delayElements(Duration.ofMillis(50))) + "K"))))
                .isEqualTo("OK");
    }

    @Test
    void testSingleException() {
        Flux<String> flux = Coro.flux(out -> out.yield(awaitSingle(Flux.just("O", "K")) + "K"));
        assertThatThrownBy(() -> single(flux)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void testAwaitFirst() {
        assertThat(single(Coro.flux(out -> out.yield(awaitFirst(Flux.just("O", "#")) + "K"))))
                .isEqualTo("OK");
    }

    @Test
    void testAwaitFirstOrDefault() {
        assertThat(single(Coro.flux(out ->
                        out.yield(Objects.requireNonNullElse(awaitFirstOrNull(Flux.<String>empty()), "O") + "K"))))
                .isEqualTo("OK");
    }

    @Test
    void testAwaitFirstOrDefaultWithValues() {
        assertThat(single(Coro.flux(out ->
                        out.yield(Objects.requireNonNullElse(awaitFirstOrNull(Flux.just("O", "#")), "!") + "K"))))
                .isEqualTo("OK");
    }

    @Test
    void testAwaitFirstOrNull() {
        assertThat(single(Coro.flux(out -> {
                    String v = awaitFirstOrNull(Flux.<String>empty());
                    out.yield(v != null ? v : "OK");
                })))
                .isEqualTo("OK");
    }

    @Test
    void testAwaitFirstOrNullWithValues() {
        assertThat(single(Coro.flux(out -> {
                    String v = awaitFirstOrNull(Flux.just("O", "#"));
                    out.yield((v != null ? v : "!") + "K");
                })))
                .isEqualTo("OK");
    }

    @Test
    void testAwaitFirstOrElse() {
        assertThat(single(Coro.flux(out -> out.yield(
                        Objects.requireNonNullElseGet(awaitFirstOrNull(Flux.<String>empty()), () -> "O") + "K"))))
                .isEqualTo("OK");
    }

    @Test
    void testAwaitFirstOrElseWithValues() {
        assertThat(single(Coro.flux(out -> out.yield(
                        Objects.requireNonNullElseGet(awaitFirstOrNull(Flux.just("O", "#")), () -> "!") + "K"))))
                .isEqualTo("OK");
    }

    @Test
    void testAwaitLast() {
        assertThat(single(Coro.flux(out -> out.yield(awaitLast(Flux.just("#", "O")) + "K"))))
                .isEqualTo("OK");
    }

    @Test
    void testExceptionFromObservable() {
        assertThat(single(Coro.flux(out -> {
                    try {
                        out.yield(awaitFirst(Flux.<String>error(new RuntimeException("O"))));
                    } catch (RuntimeException e) {
                        out.yield(awaitLast(Flux.just(Objects.requireNonNull(e.getMessage()))) + "K");
                    }
                })))
                .isEqualTo("OK");
    }

    @Test
    void testExceptionFromCoroutine() {
        Flux<String> flux = Coro.flux(out -> {
            throw new IllegalStateException(awaitSingle(Flux.just("O")) + "K");
        });
        assertThatThrownBy(() -> single(flux))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("OK");
    }

    @Test
    void testFluxIteration() {
        assertThat(single(Coro.flux(out -> {
                    StringBuilder result = new StringBuilder();
                    for (String s : Coro.each(Flux.just("O", "K"), 16)) {
                        result.append(s);
                    }
                    out.yield(result.toString());
                })))
                .isEqualTo("OK");
    }

    @Test
    void testFluxIterationFailure() {
        assertThat(single(Coro.flux(out -> {
                    try {
                        for (String ignored : Coro.each(Flux.<String>error(new RuntimeException("OK")), 16)) {
                            throw new AssertionError("Should not be here");
                        }
                        out.yield("Fail");
                    } catch (RuntimeException e) {
                        out.yield(Objects.requireNonNull(e.getMessage()));
                    }
                })))
                .isEqualTo("OK");
    }
}
