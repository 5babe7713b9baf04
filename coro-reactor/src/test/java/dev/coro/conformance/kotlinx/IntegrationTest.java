package dev.coro.conformance.kotlinx;

import static dev.coro.Coro.await;
import static dev.coro.Coro.awaitFirst;
import static dev.coro.Coro.awaitFirstOrNull;
import static dev.coro.Coro.awaitLast;
import static dev.coro.Coro.awaitSingle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coro.Coro;
import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;

/**
 * Port of kotlinx.coroutines {@code reactive/kotlinx-coroutines-reactive/test/IntegrationTest.kt}. Kotlin runs it for
 * three dispatchers and with or without a delay before the first element; a coroutine here always has its own
 * virtual thread, so only the delay is a parameter. {@code publish {}} is {@code Coro.flux}.
 */
@Tag("conformance")
class IntegrationTest {

    private final Steps steps = new Steps();
    private final Queue<Object> dropped = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void setup() {
        Hooks.onErrorDropped(dropped::add);
        Hooks.onNextDropped(dropped::add);
    }

    @AfterEach
    void resetHooks() {
        Hooks.resetOnErrorDropped();
        Hooks.resetOnNextDropped();
    }

    private static void maybeDelay(boolean delay) {
        if (delay) {
            Coro.sleep(Duration.ofMillis(1));
        }
    }

    private static <T> T inCoroutine(dev.coro.CoroutineBody<T> body) {
        return Objects.requireNonNull(Coro.mono(body).block(Duration.ofSeconds(10)));
    }

    @ParameterizedTest(name = "delay={0}")
    @ValueSource(booleans = {false, true})
    void testEmpty(boolean delay) {
        Flux<String> pub = Coro.flux(out -> maybeDelay(delay)); // does not send anything
        inCoroutine(() -> {
            assertThatThrownBy(() -> awaitFirst(pub)).isInstanceOf(NoSuchElementException.class);
            assertThat(Objects.requireNonNullElse(awaitFirstOrNull(pub), "OK")).isEqualTo("OK");
            assertThat(awaitFirstOrNull(pub)).isNull();
            assertThat(Objects.requireNonNullElseGet(awaitFirstOrNull(pub), () -> "ELSE"))
                    .isEqualTo("ELSE");
            assertThatThrownBy(() -> awaitLast(pub)).isInstanceOf(NoSuchElementException.class);
            assertThatThrownBy(() -> awaitSingle(pub)).isInstanceOf(NoSuchElementException.class);
            int cnt = 0;
            for (String ignored : Coro.each(pub, 16)) {
                cnt++;
            }
            assertThat(cnt).isZero();
            return "done";
        });
    }

    @ParameterizedTest(name = "delay={0}")
    @ValueSource(booleans = {false, true})
    void testSingle(boolean delay) {
        Flux<String> pub = Coro.flux(out -> {
            maybeDelay(delay);
            out.yield("OK");
        });
        inCoroutine(() -> {
            assertThat(awaitFirst(pub)).isEqualTo("OK");
            assertThat(Objects.requireNonNullElse(awaitFirstOrNull(pub), "!")).isEqualTo("OK");
            assertThat(awaitFirstOrNull(pub)).isEqualTo("OK");
            assertThat(Objects.requireNonNullElseGet(awaitFirstOrNull(pub), () -> "ELSE"))
                    .isEqualTo("OK");
            assertThat(awaitLast(pub)).isEqualTo("OK");
            assertThat(awaitSingle(pub)).isEqualTo("OK");
            int cnt = 0;
            for (String s : Coro.each(pub, 16)) {
                assertThat(s).isEqualTo("OK");
                cnt++;
            }
            assertThat(cnt).isEqualTo(1);
            return "done";
        });
    }

    /** Cancelling a coroutine that awaits a publisher which never emits ends both coroutines: the join ends. */
    @Test
    void testCancelWithoutValue() {
        dev.coro.CoroScheduler scheduler = dev.coro.CoroScheduler.builder().build();
        Disposable job = Coro.mono(() -> awaitFirst(Coro.<String>flux(out -> await(Mono.never()))))
                .contextWrite(reactor.util.context.Context.of(dev.coro.CoroScheduler.CONTEXT_KEY, scheduler))
                .subscribe();
        job.dispose();
        Steps.waitUntil("both coroutines ended", () -> scheduler.activeCount() == 0);
    }

    @Test
    void testEmptySingle() {
        steps.expect(1);
        Flux<String> empty = Coro.flux(out -> steps.expect(2)); // Nothing to emit
        assertThatThrownBy(() -> Coro.mono(() -> awaitFirst(empty)).block(Duration.ofSeconds(10)))
                .isInstanceOf(NoSuchElementException.class);
        steps.finish(3);
    }

    /** The await is not resumed a second time after it failed because of too many values. */
    @Test
    void testNotCompletingFailedAwait() {
        steps.expect(1);
        Publisher<Integer> publisher = sub -> sub.onSubscribe(new Subscription() {
            @Override
            public void request(long n) {
                steps.expect(2);
                sub.onNext(1);
                sub.onNext(2);
                steps.expect(4);
                sub.onComplete();
            }

            @Override
            public void cancel() {
                steps.expect(3);
            }
        });
        assertThatThrownBy(() -> Coro.mono(() -> awaitSingle(publisher)).block(Duration.ofSeconds(10)))
                .isInstanceOf(IllegalArgumentException.class);
        steps.expect(5);
        steps.finish(6);
    }

    /**
     * Awaits on publishers that break the rules. Kotlin reports each breach to the coroutine's exception handler as
     * an IllegalStateException. Ours: breaches of §1.1 (more than requested) and §1.7 (signals after the end) are
     * dropped through Reactor's hooks ({@code onNextDropped}, {@code onErrorDropped}), Reactor's way for signals
     * nobody may receive (deliberate difference, docs/peer-tests.md); a signal before {@code onSubscribe} (§1.9)
     * fails the await with an IllegalStateException naming onSubscribe (docs/adr/0008).
     */
    @Test
    void testAwaitOnNonconformingPublishers() {
        RuntimeException dummyThrowable = new RuntimeException("dummy");

        // Rule 1.1 broken: the publisher produces more values than requested.
        assertDropped(
                Coro::awaitFirst,
                (s, n) -> {
                    s.onNext(1);
                    s.onNext(2);
                    s.onComplete();
                },
                2);
        // Rule 1.7 broken: the publisher calls a method on a subscriber after reaching the terminal state.
        assertDropped(
                p -> failureOrValue(() -> awaitSingle(p)),
                (s, n) -> {
                    s.onNext(1);
                    s.onError(dummyThrowable);
                    s.onComplete();
                },
                null);
        assertDropped(
                Coro::awaitFirst,
                (s, n) -> {
                    s.onNext(0);
                    s.onComplete();
                    s.onComplete();
                },
                null);
        assertDropped(
                p -> Objects.requireNonNullElse(awaitFirstOrNull(p), 1),
                (s, n) -> {
                    s.onComplete();
                    s.onNext(3);
                },
                3);
        assertDropped(
                p -> failureOrValue(() -> awaitSingle(p)),
                (s, n) -> {
                    s.onError(dummyThrowable);
                    s.onNext(3);
                },
                3);

        // Rule 1.9 broken (the first signal to the subscriber was not 'onSubscribe')
        Publisher<Integer> noOnSubscribe = subscriber -> {
            subscriber.onNext(3);
            subscriber.onComplete();
        };
        assertThatThrownBy(() -> Coro.mono(() -> awaitFirst(noOnSubscribe)).block(Duration.ofSeconds(10)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("onSubscribe");
    }

    private static Object failureOrValue(java.util.concurrent.Callable<Object> await) {
        try {
            return await.call();
        } catch (Exception e) {
            return e;
        }
    }

    private void assertDropped(
            Function<Publisher<Integer>, Object> operation,
            BiConsumer<Subscriber<? super Integer>, Long> block,
            Object expectedDrop) {
        dropped.clear();
        Publisher<Integer> publisher = subscriber -> subscriber.onSubscribe(new Subscription() {
            @Override
            public void request(long n) {
                block.accept(subscriber, n);
            }

            @Override
            public void cancel() {}
        });
        inCoroutine(() -> operation.apply(publisher));
        if (expectedDrop != null) {
            assertThat(dropped).contains(expectedDrop);
        }
    }

    /**
     * A publisher whose body times out fails the await. Kotlin's {@code withTimeout} throws a CancellationException
     * subclass; {@code Coro.withTimeout} throws TimeoutException (deliberate difference, see MonoTest#testTimeout).
     */
    @Test
    void testPublishWithTimeout() {
        Flux<Integer> publisher = Coro.flux(out -> {
            steps.expect(2);
            Coro.withTimeout(Duration.ofMillis(1), () -> {
                Coro.sleep(Duration.ofMillis(100));
                return null;
            });
        });
        steps.expect(1);
        assertThatThrownBy(() -> Coro.mono(() -> awaitFirstOrNull(publisher)).block(Duration.ofSeconds(10)))
                .satisfies(e -> assertThat(e instanceof TimeoutException || e.getCause() instanceof TimeoutException)
                        .isTrue());
        steps.expect(3);
        steps.finish(4);
    }
}
