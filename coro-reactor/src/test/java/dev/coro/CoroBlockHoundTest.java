package dev.coro;

import static dev.coro.Coro.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockHound;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * Drives {@code Coro.mono} and {@code Coro.flux} from Reactor's non-blocking threads with BlockHound installed: any
 * blocking call on such a thread (subscribe, request, cancel, value delivery) fails the test. Runs in its own JVM
 * (surefire execution {@code blockhound}).
 */
class CoroBlockHoundTest {

    @BeforeAll
    static void installBlockHound() {
        BlockHound.install();
    }

    @Test
    void blockHoundIsActiveOnNonBlockingThreads() {
        // Without this control the other tests would pass even if BlockHound were not installed.
        assertThatThrownBy(() -> Mono.fromCallable(() -> {
                            Thread.sleep(1);
                            return 1;
                        })
                        .subscribeOn(Schedulers.parallel())
                        .block(Duration.ofSeconds(5)))
                .hasCauseInstanceOf(BlockingOperationError.class);
    }

    @Test
    void monoSubscribedRequestedAndResumedOnNonBlockingThreads() {
        Mono<String> mono = Coro.mono(() -> {
            String a = await(Mono.just("a").delayElement(Duration.ofMillis(1))); // resumed from parallel()
            String b = await(Mono.just("b").publishOn(Schedulers.parallel()));
            return a + b;
        });
        for (int i = 0; i < 50; i++) {
            StepVerifier.create(mono.subscribeOn(Schedulers.parallel()).publishOn(Schedulers.parallel()))
                    .expectNext("ab")
                    .verifyComplete();
        }
    }

    @Test
    void fluxDemandAndCancelFromNonBlockingThreads() {
        Flux<Integer> flux = Coro.flux(out -> {
            for (int i = 0; ; i++) {
                out.yield(i);
                if (i % 100 == 0) {
                    await(Mono.delay(Duration.ofMillis(1)));
                }
            }
        });
        for (int i = 0; i < 20; i++) {
            StepVerifier.create(flux.subscribeOn(Schedulers.parallel())
                            .publishOn(Schedulers.parallel(), 8)
                            .take(500))
                    .expectNextCount(500)
                    .verifyComplete();
        }
    }

    @Test
    void cancellingASuspendedCoroutineFromANonBlockingThread() throws InterruptedException {
        CountDownLatch cancelled = new CountDownLatch(1);
        CountDownLatch suspended = new CountDownLatch(1);
        Mono<String> mono = Coro.mono(() -> {
            try {
                suspended.countDown();
                return await(Mono.never());
            } catch (CancellationException e) {
                cancelled.countDown();
                throw e;
            }
        });
        StepVerifier.create(mono.subscribeOn(Schedulers.parallel()))
                .then(() -> {
                    try {
                        assertThat(suspended.await(5, TimeUnit.SECONDS)).isTrue();
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                })
                .thenCancel()
                .verify();
        // Make the cancel itself happen on a parallel thread too.
        var disposable = mono.subscribeOn(Schedulers.parallel()).subscribe();
        Mono.delay(Duration.ofMillis(20)).doOnNext(t -> disposable.dispose()).block();
        assertThat(cancelled.await(5, TimeUnit.SECONDS)).isTrue();
    }
}
