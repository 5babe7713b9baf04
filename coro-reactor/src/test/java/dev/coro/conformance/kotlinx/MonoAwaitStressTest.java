package dev.coro.conformance.kotlinx;

import static dev.coro.Coro.await;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;

/**
 * Port of kotlinx.coroutines {@code reactive/kotlinx-coroutines-reactor/test/MonoAwaitStressTest.kt}: awaiting a Mono
 * waits for its onComplete, not only its onNext (the value of a transaction's Mono may come before its commit).
 */
@Tag("stress")
@Tag("conformance")
class MonoAwaitStressTest {

    private static final int N_REPEATS =
            Integer.getInteger("coro.stress.rounds", System.getenv("CI") != null ? 2_000 : 10_000);

    private volatile boolean completed;
    private volatile Thread thread = new Thread(() -> {});

    @Test
    void testAwaitingRacingWithCompletion() throws Exception {
        Mono<Integer> mono = new Mono<>() {
            @Override
            public void subscribe(CoreSubscriber<? super Integer> s) {
                s.onSubscribe(new Subscription() {
                    @Override
                    public void request(long n) {
                        thread = Thread.ofPlatform().start(() -> {
                            s.onNext(1);
                            Thread.yield();
                            completed = true;
                            s.onComplete();
                        });
                    }

                    @Override
                    public void cancel() {}
                });
            }
        };
        dev.coro.Coro.mono(() -> {
                    for (int i = 0; i < N_REPEATS; i++) {
                        completed = false;
                        Integer value = await(mono);
                        assertThat(completed).as("iteration %d", i).isTrue();
                        assertThat(value).isEqualTo(1);
                        thread.join();
                    }
                    return null;
                })
                .block(java.time.Duration.ofMinutes(2));
    }
}
