package dev.coro.conformance.kotlinx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coro.Coro;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/**
 * Port of kotlinx.coroutines {@code reactive/kotlinx-coroutines-reactor/test/FluxMultiTest.kt}. Its
 * {@code testConcurrentStress} sends from many coroutines into one flux; {@code yield} belongs to the generator's own
 * coroutine (a channel is the fan-in tool), so that test is listed as not applicable in docs/peer-tests.md.
 */
@Tag("conformance")
class FluxMultiTest {

    @Test
    void testNumbers() {
        int n = 100;
        Flux<Integer> flux = Coro.flux(out -> {
            for (int i = 0; i < n; i++) {
                out.yield(i);
            }
        });
        assertThat(flux.collectList().block(Duration.ofSeconds(10)))
                .isEqualTo(IntStream.range(0, n).boxed().toList());
    }

    /** Kotlin's Unconfined dispatcher has no twin here; the port is the same as {@link #testIteratorResendPool}. */
    @Test
    void testIteratorResendUnconfined() {
        resend();
    }

    @Test
    void testIteratorResendPool() {
        resend();
    }

    private static void resend() {
        int n = 10_000;
        Flux<Integer> flux = Coro.flux(out -> {
            for (int v : Coro.each(Flux.range(0, n), 256)) {
                out.yield(v);
            }
        });
        List<Integer> list = flux.collectList().block(Duration.ofSeconds(30));
        assertThat(list).isEqualTo(IntStream.range(0, n).boxed().toList());
    }

    @Test
    void testSendAndCrash() {
        Flux<String> flux = Coro.flux(out -> {
            out.yield("O");
            throw new IOException("K");
        });
        String result = Coro.mono(() -> {
                    StringBuilder r = new StringBuilder();
                    try {
                        for (String s : Coro.each(flux, 16)) {
                            r.append(s);
                        }
                    } catch (Exception e) {
                        // The generator's IOException, thrown from the loop as the same object.
                        if (!(e instanceof IOException)) {
                            throw e;
                        }
                        r.append(e.getMessage());
                    }
                    return r.toString();
                })
                .block(Duration.ofSeconds(10));
        assertThat(result).isEqualTo("OK");
    }
}
