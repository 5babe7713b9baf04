package dev.coro;

import static dev.coro.Coro.await;
import static dev.coro.CoroMonoTest.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/** How a coroutine is found from its thread, and when it is not found any more. */
class CoroutineCurrentTest {

    @Test
    void theBodySeesItsCoroutineButTheDownstreamOnTheSameThreadDoesNot() {
        AtomicReference<String> bodyThread = new AtomicReference<>();
        AtomicReference<String> onNextThread = new AtomicReference<>();
        AtomicReference<Throwable> onNextContext = new AtomicReference<>();
        String value = Coro.mono(() -> {
                    bodyThread.set(Thread.currentThread().getName());
                    return Coro.context().get("k").toString();
                })
                .doOnNext(v -> {
                    onNextThread.set(Thread.currentThread().getName());
                    try {
                        Coro.context();
                    } catch (Throwable t) {
                        onNextContext.set(t);
                    }
                })
                .contextWrite(Context.of("k", "v"))
                .block();
        assertThat(value).isEqualTo("v");
        // The value is delivered on the coroutine's own thread once the body has returned: it is no coroutine then.
        assertThat(onNextThread.get()).isEqualTo(bodyThread.get());
        assertThat(onNextContext.get())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("outside a coroutine");
    }

    @Test
    void inCoroutineIsTrueInBodiesAndForksAndFalseOutsideAndAfterTheBody() {
        AtomicReference<Boolean> downstream = new AtomicReference<>();
        String seen = Coro.mono(() -> {
                    boolean body = Coro.inCoroutine();
                    boolean fork =
                            Coro.scope(scope -> scope.fork(Coro::inCoroutine).join());
                    boolean generator = Coro.awaitFirst(Coro.flux(out -> out.yield(Coro.inCoroutine())));
                    return body + " " + fork + " " + generator;
                })
                .doOnNext(v -> downstream.set(Coro.inCoroutine()))
                .block();
        assertThat(seen).isEqualTo("true true true");
        // Same thread as the body, but the body has returned.
        assertThat(downstream.get()).isFalse();
        assertThat(Coro.inCoroutine()).isFalse();
    }

    @Test
    void aPlatformThreadIsNoCoroutine() throws InterruptedException {
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                Coro.context();
            } catch (Throwable e) {
                outcome.set(e);
            }
        });
        t.start();
        t.join();
        assertThat(outcome.get()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void startedAtIsTheWallClockTimeOfTheStart() {
        CoroScheduler scheduler = CoroScheduler.builder().namePrefix("clock-").build();
        Instant before = Instant.now();
        Disposable parked = Coro.mono(() -> await(Mono.never()))
                .contextWrite(Context.of(CoroScheduler.CONTEXT_KEY, scheduler))
                .subscribe();
        try {
            waitUntil(() -> scheduler.coroutines().size() == 1
                    && scheduler.coroutines().get(0).state() == CoroutineState.SUSPENDED);
            Instant after = Instant.now();
            // The nanoTime-derived instant may differ from the wall clock by the clock's granularity.
            assertThat(scheduler.coroutines().get(0).startedAt())
                    .isBetween(before.minusMillis(50), after.plusMillis(50));
        } finally {
            parked.dispose();
        }
        waitUntil(() -> scheduler.activeCount() == 0);
        assertThatThrownBy(Coro::context).isInstanceOf(IllegalStateException.class);
    }
}
