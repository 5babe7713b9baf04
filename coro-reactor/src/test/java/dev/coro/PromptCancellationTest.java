package dev.coro;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Issue 9, defect 4: a cancelled coroutine's await never returns normally. kotlinx.coroutines calls this prompt
 * cancellation: a cancelled coroutine does not resume successfully from a suspension, even when what it awaited
 * completed at the same moment; it throws CancellationException there, with the cancel's interrupt settled.
 *
 * <p>The hard case is a cancel that lands inside the awaited publisher's synchronous {@code subscribe} (r2dbc-h2 runs
 * its query there): no suspension exists yet, so the cancel is only a flag and an interrupt; the source turns the
 * interrupt into a completion, and the await used to see "ready" and return it.
 */
@Tag("stress")
class PromptCancellationTest {

    private static final int ROUNDS =
            Integer.getInteger("coro.stress.rounds", System.getenv("CI") != null ? 500 : 2_000);

    @Test
    void aCancelInsideSubscribeThatTheSourceMapsToEmptyIsThrownNotReturned() throws Exception {
        assertEveryRoundCancelled(false);
    }

    @Test
    void aCancelInsideSubscribeThatTheSourceMapsToAValueIsThrownNotReturned() throws Exception {
        assertEveryRoundCancelled(true);
    }

    /**
     * The reproduction, made deterministic: the source sleeps in its subscribe and maps the interrupt to an
     * empty completion (or a value); the test disposes once the coroutine is inside that subscribe.
     */
    private static void assertEveryRoundCancelled(boolean valueOnInterrupt) throws Exception {
        Queue<String> wrong = new ConcurrentLinkedQueue<>();
        for (int round = 0; round < ROUNDS; round++) {
            CountDownLatch inSubscribe = new CountDownLatch(1);
            CountDownLatch ended = new CountDownLatch(1);
            Mono<String> source = Mono.create(sink -> {
                inSubscribe.countDown();
                try {
                    Thread.sleep(Duration.ofSeconds(30));
                    sink.success("slept");
                } catch (InterruptedException e) {
                    // What blocking drivers do: the interrupt ends the call with no row (or a value).
                    if (valueOnInterrupt) {
                        sink.success("row");
                    } else {
                        sink.success();
                    }
                }
            });
            int r = round;
            Disposable subscription = Coro.mono(() -> {
                        try {
                            String v = Coro.await(source);
                            wrong.add("round " + r + ": await returned " + v + " after the cancel");
                        } catch (java.util.concurrent.CancellationException e) {
                            if (Thread.currentThread().isInterrupted()) {
                                wrong.add("round " + r + ": the interrupt flag is still set after the cancel");
                            }
                        } finally {
                            ended.countDown();
                        }
                        return "done";
                    })
                    .subscribe();
            assertThat(inSubscribe.await(30, TimeUnit.SECONDS)).isTrue();
            subscription.dispose();
            assertThat(ended.await(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(wrong).as("rounds where the cancelled coroutine went on").isEmpty();
    }

    @Test
    void anAwaitOfAReadyValueInACancelledCoroutineThrows() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        Queue<String> outcome = new ConcurrentLinkedQueue<>();
        Disposable subscription = Coro.mono(() -> {
                    started.countDown();
                    // Not a suspension: running code that the cancel only interrupts (after setting its flag).
                    while (!Thread.currentThread().isInterrupted()) {
                        Thread.onSpinWait();
                    }
                    try {
                        outcome.add("returned " + Coro.await(Mono.just("ready")));
                    } catch (java.util.concurrent.CancellationException e) {
                        outcome.add("cancelled, interrupted="
                                + Thread.currentThread().isInterrupted());
                    }
                    return "done";
                })
                .subscribe();
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        subscription.dispose();
        CoroMonoTest.waitUntil(() -> !outcome.isEmpty());
        assertThat(outcome).containsExactly("cancelled, interrupted=false");
    }
}
