package dev.coro.conformance.kotlinx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coro.Coro;
import dev.coro.SelectClause;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Port of kotlinx.coroutines {@code kotlinx-coroutines-core/common/test/selects/SelectDeferredTest.kt}: a
 * {@code Deferred} is a Mono: {@code async { }} a started coroutine Mono that replays its outcome
 * ({@link Launcher#async}), {@code async(start = LAZY)} a cold one that the select's subscription starts, and
 * {@code CompletableDeferred} a {@link Sinks.One}; {@code onAwait} is {@link SelectClause#onMono}, {@code select} is
 * {@link Coro#selectBiased}. Kotlin's yields between coroutines become waits for the step before
 * ({@link Steps#waitFor}).
 */
@Tag("conformance")
class SelectDeferredTest {

    private final Steps steps = new Steps();
    private final Launcher rig = new Launcher("select-deferred");

    @Test
    void testSimpleReturnsImmediately() {
        rig.run(() -> {
            steps.expect(1);
            Mono<Integer> d1 = rig.async(() -> {
                steps.waitFor(2);
                steps.expect(3);
                return 42;
            });
            steps.expect(2);
            String res = Coro.selectBiased(SelectClause.onMono(d1, v -> {
                steps.expect(4);
                assertThat(v).isEqualTo(42);
                return "OK";
            }));
            steps.expect(5);
            assertThat(res).isEqualTo("OK");
            steps.finish(6);
        });
    }

    @Test
    void testSimpleWithYield() {
        rig.run(() -> {
            steps.expect(1);
            Mono<Integer> d1 = rig.async(() -> {
                steps.waitFor(2);
                steps.expect(3);
                return 42;
            });
            CompletableFuture<Void> job = rig.launch(() -> {
                steps.waitFor(3);
                steps.expect(4);
                steps.waitFor(5); // Kotlin yields back to main here
                steps.expect(6);
            });
            steps.expect(2);
            String res = Coro.selectBiased(SelectClause.onMono(d1, v -> {
                steps.waitFor(4);
                steps.expect(5);
                assertThat(v).isEqualTo(42);
                steps.waitFor(6); // Kotlin yields to the launched coroutine here
                steps.expect(7);
                return "OK";
            }));
            steps.finish(8);
            assertThat(res).isEqualTo("OK");
            Launcher.join(job);
        });
    }

    @Test
    void testSelectIncompleteLazy() {
        rig.run(() -> {
            steps.expect(1);
            Mono<Integer> d1 = rig.lazyAsync(() -> {
                steps.waitFor(4);
                steps.expect(5);
                return 42;
            });
            CompletableFuture<Void> job = rig.launch(() -> {
                steps.waitFor(2);
                steps.expect(3);
                String res = Coro.selectBiased(SelectClause.onMono(d1, v -> {
                    steps.waitFor(6);
                    steps.expect(7);
                    assertThat(v).isEqualTo(42);
                    return "OK";
                }));
                steps.expect(8);
                assertThat(res).isEqualTo("OK");
            });
            steps.expect(2);
            rig.waitSuspended("Coro.select"); // the select subscribed the lazy Mono, which starts its coroutine
            steps.expect(4);
            steps.waitFor(5);
            steps.expect(6);
            Launcher.join(job);
            steps.finish(9);
        });
    }

    @Test
    void testSelectTwo() {
        rig.run(() -> {
            steps.expect(1);
            Mono<String> d1 = rig.async(() -> {
                steps.waitFor(2);
                steps.expect(3);
                steps.waitFor(4); // to the other deferred
                steps.expect(5);
                steps.waitFor(6); // to fired select
                steps.expect(7);
                return "d1";
            });
            Mono<String> d2 = rig.async(() -> {
                steps.waitFor(3);
                steps.expect(4);
                return "d2";
            });
            steps.expect(2);
            String res = Coro.selectBiased(
                    SelectClause.onMono(d1, v -> {
                        steps.expectUnreached();
                        return "FAIL";
                    }),
                    SelectClause.onMono(d2, v2 -> {
                        steps.waitFor(5);
                        steps.expect(6);
                        assertThat(v2).isEqualTo("d2");
                        steps.waitFor(7); // to first deferred
                        steps.expect(8);
                        return "OK";
                    }));
            assertThat(res).isEqualTo("OK");
            steps.finish(9);
        });
    }

    /** Completing a Deferred with an exception makes the select that awaits it throw that exception. */
    @Test
    void testSelectFailure() {
        Sinks.One<Integer> d = Sinks.one();
        d.tryEmitError(new TestException());
        Sinks.One<Integer> d2 = Sinks.one();
        d2.tryEmitValue(42);
        assertThatThrownBy(() -> Coro.selectBiased(
                        SelectClause.onMono(d.asMono(), v -> {
                            steps.expectUnreached();
                            return 0;
                        }),
                        SelectClause.onMono(d2.asMono(), v -> 4)))
                .isInstanceOf(TestException.class);
        steps.finish(1);
    }

    @Test
    void testSelectCancel() {
        // Kotlin's Deferred.cancel() makes its await throw CancellationException; a Mono's error does the same.
        rig.run(() -> {
            steps.expect(1);
            Sinks.One<String> d = Sinks.one();
            CompletableFuture<Void> job = rig.launch(() -> {
                rig.waitSuspended("Coro.select");
                steps.finish(3);
                d.tryEmitError(new CancellationException()); // will cancel after select starts
            });
            steps.expect(2);
            assertThatThrownBy(() -> Coro.<Void>selectBiased(SelectClause.onMono(d.asMono(), v -> {
                        steps.expectUnreached(); // will not select
                        return null;
                    })))
                    .isInstanceOf(CancellationException.class);
            Launcher.join(job);
        });
    }

    @Test
    void testSelectIncomplete() {
        // Kotlin checks that a value implementing its internal Incomplete interface is not taken for an unfinished
        // state; our Monos have no such state, so the port checks that the value arrives unchanged, after a wait.
        rig.run(() -> {
            Mono<Wrapper> deferred = rig.async(() -> {
                rig.waitSuspended("Coro.select"); // incomplete while the select starts
                return new Wrapper("OK");
            });
            Wrapper result = Coro.selectBiased(SelectClause.onMono(deferred, it -> it));
            assertThat(result.value()).isEqualTo("OK");
        });
    }

    @Test
    void testSelectIncompleteFastPath() {
        rig.run(() -> {
            Mono<Wrapper> deferred = rig.async(() -> new Wrapper("OK"));
            Coro.await(deferred); // Kotlin's Dispatchers.Unconfined: completed before the select
            Wrapper result = Coro.selectBiased(SelectClause.onMono(deferred, it -> it));
            assertThat(result.value()).isEqualTo("OK");
        });
    }

    private record Wrapper(String value) {}
}
