package dev.coro.conformance.kotlinx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coro.Coro;
import dev.coro.SelectClause;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Port of kotlinx.coroutines {@code kotlinx-coroutines-core/common/test/selects/SelectOldTest.kt}: a {@code Job} is the empty
 * Mono of its end: {@code Job()} a {@link Sinks.Empty} that {@code cancel()}/{@code complete()} completes,
 * {@code launch(start = LAZY)} a cold coroutine Mono that the select's subscription starts; {@code onJoin} is
 * {@link SelectClause#onMono}. Kotlin's {@code selectOld}/{@code selectUnbiasedOld} are the deprecated first implementation of
 * {@code select}/{@code selectUnbiased}, kept for binary compatibility; we have one implementation, so they are
 * {@link Coro#selectBiased}/{@link Coro#select}, and the tests run on it. The three biased tests
 * ({@code testSelectCompleted}, {@code testSelectIncomplete}, {@code testSelectLazy}) are then {@link SelectJobTest}'s
 * tests of the same names, which run there; the unbiased ones run here. Kotlin's yields between coroutines become waits for a suspension or a step.
 */
@Tag("conformance")
class SelectOldTest {

    private final Steps steps = new Steps();
    private final Launcher rig = new Launcher("SelectOldTest");

    @Test
    void testSelectUnbiasedCompleted() {
        rig.run(() -> {
            steps.expect(1);
            CompletableFuture<Void> job0 = rig.launch(() -> {
                steps.waitFor(3); // makes sure we don't yield to it earlier
                steps.finish(4); // after main exits
            });
            Sinks.Empty<Void> job = Sinks.empty();
            job.tryEmitEmpty(); // cancel
            Coro.<Void>select(SelectClause.onMono(job.asMono(), v -> {
                steps.expect(2);
                return null;
            }));
            steps.expect(3);
            Launcher.join(job0);
        });
    }

    @Test
    void testSelectUnbiasedIncomplete() {
        rig.run(() -> {
            steps.expect(1);
            Sinks.Empty<Void> job = Sinks.empty();
            CompletableFuture<Void> launched = rig.launch(() -> {
                steps.waitFor(2); // makes sure we don't yield to it earlier
                steps.expect(3);
                String res = Coro.select(SelectClause.onMono(job.asMono(), v -> {
                    steps.waitFor(5);
                    steps.expect(6);
                    return "OK";
                }));
                steps.expect(7);
                assertThat(res).isEqualTo("OK");
            });
            steps.expect(2);
            rig.waitSuspended("Coro.select");
            steps.expect(4);
            job.tryEmitEmpty(); // cancel
            steps.expect(5);
            Launcher.join(launched);
            steps.finish(8);
        });
    }

    @Test
    void testSelectUnbiasedLazy() {
        rig.run(() -> {
            steps.expect(1);
            Mono<Void> job = rig.lazyAsync(() -> {
                steps.expect(2);
                return null;
            });
            String res = Coro.select(SelectClause.onMono(job, v -> {
                steps.expect(3);
                return "OK";
            }));
            steps.finish(4);
            assertThat(res).isEqualTo("OK");
        });
    }

    @Test
    void testSelectUnbiasedComplete() {
        steps.expect(1);
        Sinks.Empty<Void> job = Sinks.empty();
        job.tryEmitEmpty(); // complete
        steps.expect(2);
        String res = Coro.select(SelectClause.onMono(job.asMono(), v -> {
            steps.expect(3);
            return "OK";
        }));
        assertThat(res).isEqualTo("OK");
        steps.finish(4);
    }

    @Test
    void testSelectUnbiasedThrows() {
        // Kotlin throws from the select's builder block; ours has no builder block, so the winning clause's function
        // throws: the select passes the exception through.
        assertThatThrownBy(() -> Coro.<Void>selectBiased(SelectClause.orElse(() -> {
                    steps.expect(1);
                    throw new TestException();
                })))
                .isInstanceOf(TestException.class);
        steps.finish(2);
    }
}
