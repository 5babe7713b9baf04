package dev.coro.conformance.kotlinx;

import static dev.coro.Coro.awaitFirst;
import static dev.coro.Coro.awaitFirstOrNull;
import static dev.coro.Coro.awaitLast;
import static dev.coro.Coro.awaitSingle;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coro.Coro;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * Port of kotlinx.coroutines {@code reactive/kotlinx-coroutines-reactor/test/ReactorContextTest.kt}. Kotlin's
 * {@code ReactorContext} element is our {@code Coro.context()}, the subscriber's Context. Kotlin can also give a
 * builder a Context of its own ({@code mono(Context.of(..).asCoroutineContext())}); a coroutine here gets the
 * subscriber's Context only, so those keys are written with {@code contextWrite} at the builder, which is where
 * they took effect in Kotlin too. Running a test in a coroutine with a Context ({@code runBlocking(ctx)}) is a
 * {@code Coro.mono} subscribed with that Context.
 */
@Tag("conformance")
class ReactorContextTest {

    private static String value(ContextView ctx, int key) {
        return ctx.getOrDefault(key, "noValue");
    }

    private static <T> T runIn(Context context, dev.coro.CoroutineBody<T> body) {
        return Objects.requireNonNull(Coro.mono(body).contextWrite(context).block(Duration.ofSeconds(10)));
    }

    @Test
    void testMonoHookedContext() {
        Mono<String> mono = Coro.mono(() -> {
                    ContextView ctx = Coro.context();
                    StringBuilder b = new StringBuilder();
                    IntStream.rangeClosed(1, 7).forEach(i -> b.append(value(ctx, i)));
                    return b.toString();
                })
                .contextWrite(Context.of(1, "1", 7, "7"))
                .contextWrite(Context.of(2, "2", 3, "3", 4, "4", 5, "5"))
                .contextWrite(ctx -> ctx.put(6, "6"));
        assertThat(runIn(Context.empty(), () -> awaitSingle(mono))).isEqualTo("1234567");
    }

    @Test
    void testFluxContext() {
        Flux<String> flux = Coro.<String>flux(out -> {
                    ContextView ctx = Coro.context();
                    for (int i = 1; i <= 7; i++) {
                        out.yield(value(ctx, i));
                    }
                })
                .contextWrite(Context.of(1, "1", 7, "7"))
                .contextWrite(Context.of(2, "2", 3, "3", 4, "4", 5, "5"))
                .contextWrite(ctx -> ctx.put(6, "6"));
        assertThat(flux.collectList().block(Duration.ofSeconds(10)))
                .isEqualTo(List.of("1", "2", "3", "4", "5", "6", "7"));
    }

    /** The awaiting coroutine's Context reaches the awaited mono, under the mono's own keys. */
    @Test
    void testAwait() {
        String result = runIn(
                Context.of(3, "3"),
                () -> awaitSingle(Coro.mono(() -> {
                            ContextView ctx = Coro.context();
                            return value(ctx, 1) + value(ctx, 2) + value(ctx, 3);
                        })
                        .contextWrite(Context.of(1, "1"))
                        .contextWrite(Context.of(2, "2"))));
        assertThat(result).isEqualTo("123");
    }

    @Test
    void testMonoAwaitContextPropagation() {
        runIn(Context.of(7, "7"), () -> {
            assertThat(awaitSingle(createMono())).isEqualTo("7");
            assertThat(Coro.await(createMono())).isEqualTo("7");
            return "done";
        });
    }

    @Test
    void testFluxAwaitContextPropagation() {
        runIn(Context.of(1, "1", 2, "2", 3, "3"), () -> {
            assertThat(awaitFirst(createFlux())).isEqualTo("1");
            assertThat(Objects.requireNonNullElse(awaitFirstOrNull(createFlux()), "noValue"))
                    .isEqualTo("1");
            assertThat(awaitFirstOrNull(createFlux())).isEqualTo("1");
            assertThat(Objects.requireNonNullElseGet(awaitFirstOrNull(createFlux()), () -> "noValue"))
                    .isEqualTo("1");
            assertThat(awaitLast(createFlux())).isEqualTo("3");
            return "done";
        });
    }

    private static Mono<String> createMono() {
        return Coro.mono(() -> value(Coro.context(), 7));
    }

    private static Flux<String> createFlux() {
        return Coro.flux(out -> {
            ContextView ctx = Coro.context();
            for (int i = 1; i <= 3; i++) {
                out.yield(value(ctx, i));
            }
        });
    }
}
