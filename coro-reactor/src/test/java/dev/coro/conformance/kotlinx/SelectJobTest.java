package dev.coro.conformance.kotlinx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coro.Coro;
import dev.coro.SelectClause;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Port of kotlinx.coroutines {@code kotlinx-coroutines-core/common/test/selects/SelectJobTest.kt}: a {@code Job} is the empty
 * Mono of its end: {@code Job()} a {@link Sinks.Empty} that {@code cancel()}/{@code complete()} completes,
 * {@code launch(start = LAZY)} a cold coroutine Mono that the select's subscription starts; {@code onJoin} is
 * {@link SelectClause#onMono}. {@code select} is {@link Coro#selectBiased}. Kotlin's yields between coroutines become waits for a suspension or a step. The scenarios take the select to run,
 * so that {@link SelectOldTest} runs them unbiased.
 */
@Tag("conformance")
class SelectJobTest {

    /** The select a scenario runs: biased here, unbiased in {@link SelectOldTest}. */
    interface OneClauseSelect {
        @Nullable
        Object select(SelectClause<?> clause);
    }

    static final OneClauseSelect BIASED = Coro::selectBiased;
    static final OneClauseSelect UNBIASED = Coro::select;

    private final Steps steps = new Steps();
    private final Launcher rig = new Launcher("SelectJobTest");

    @Test
    void testSelectCompleted() {
        completed(rig, steps, BIASED);
    }

    @Test
    void testSelectIncomplete() {
        incomplete(rig, steps, BIASED);
    }

    @Test
    void testSelectLazy() {
        lazy(rig, steps, BIASED);
    }

    static void completed(Launcher rig, Steps steps, OneClauseSelect select) {
        rig.run(() -> {
            steps.expect(1);
            CompletableFuture<Void> job0 = rig.launch(() -> {
                steps.waitFor(3); // makes sure we don't yield to it earlier
                steps.finish(4); // after main exits
            });
            Sinks.Empty<Void> job = Sinks.empty();
            job.tryEmitEmpty(); // cancel
            select.select(SelectClause.onMono(job.asMono(), v -> {
                steps.expect(2);
                return null;
            }));
            steps.expect(3);
            Launcher.join(job0);
        });
    }

    static void incomplete(Launcher rig, Steps steps, OneClauseSelect select) {
        rig.run(() -> {
            steps.expect(1);
            Sinks.Empty<Void> job = Sinks.empty();
            CompletableFuture<Void> launched = rig.launch(() -> {
                steps.waitFor(2); // makes sure we don't yield to it earlier
                steps.expect(3);
                Object res = select.select(SelectClause.onMono(job.asMono(), v -> {
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

    static void lazy(Launcher rig, Steps steps, OneClauseSelect select) {
        rig.run(() -> {
            steps.expect(1);
            Mono<Void> job = rig.lazyAsync(() -> {
                steps.expect(2);
                return null;
            });
            Object res = select.select(SelectClause.onMono(job, v -> {
                steps.expect(3);
                return "OK";
            }));
            steps.finish(4);
            assertThat(res).isEqualTo("OK");
        });
    }
}
