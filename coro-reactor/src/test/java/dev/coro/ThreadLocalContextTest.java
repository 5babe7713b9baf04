package dev.coro;

import static dev.coro.Coro.await;

import io.micrometer.context.ContextRegistry;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.util.context.Context;

/** With Micrometer context-propagation present, ThreadLocals (an MDC, say) are set from the Context in the body. */
class ThreadLocalContextTest {

    private static final String KEY = "coro.test.requestId";
    private static final ThreadLocal<String> REQUEST_ID = new ThreadLocal<>();

    @BeforeAll
    static void register() {
        ContextRegistry.getInstance()
                .registerThreadLocalAccessor(KEY, REQUEST_ID::get, REQUEST_ID::set, REQUEST_ID::remove);
    }

    @AfterAll
    static void unregister() {
        ContextRegistry.getInstance().removeThreadLocalAccessor(KEY);
    }

    @Test
    void threadLocalsAreRestoredForTheBodyAcrossAwaitsAndClearedAfter() {
        Mono<String> mono = Coro.mono(() -> {
            String before = REQUEST_ID.get();
            await(Mono.delay(Duration.ofMillis(5)));
            return before + "/" + REQUEST_ID.get();
        });
        StepVerifier.create(mono.contextWrite(Context.of(KEY, "req-42")))
                .expectNext("req-42/req-42")
                .verifyComplete();
        StepVerifier.create(Coro.mono(() -> String.valueOf(REQUEST_ID.get())))
                .expectNext("null")
                .verifyComplete();
    }

    @Test
    void generatorBodiesSeeThemToo() {
        StepVerifier.create(Coro.flux(out -> out.yield(REQUEST_ID.get())).contextWrite(Context.of(KEY, "req-7")))
                .expectNext("req-7")
                .verifyComplete();
    }
}
