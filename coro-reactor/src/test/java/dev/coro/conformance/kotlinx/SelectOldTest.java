package dev.coro.conformance.kotlinx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coro.Coro;
import dev.coro.SelectClause;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Sinks;

/**
 * Port of kotlinx.coroutines {@code kotlinx-coroutines-core/common/test/selects/SelectOldTest.kt}: a {@code Job} is the empty
 * Mono of its end: {@code Job()} a {@link Sinks.Empty} that {@code cancel()}/{@code complete()} completes,
 * {@code launch(start = LAZY)} a cold coroutine Mono that the select's subscription starts; {@code onJoin} is
 * {@link SelectClause#onMono}. Kotlin's {@code selectOld}/{@code selectUnbiasedOld} are the deprecated first implementation of
 * {@code select}/{@code selectUnbiased}, kept for binary compatibility; we have one implementation, so they are
 * {@link Coro#selectBiased}/{@link Coro#select}, and the tests run on it. The three biased tests
 * ({@code testSelectCompleted}, {@code testSelectIncomplete}, {@code testSelectLazy}) are then {@link SelectJobTest}'s
 * tests of the same names, which run there; the unbiased ones run the same scenarios with {@link Coro#select}. Kotlin's yields between coroutines become waits for a suspension or a step.
 */
@Tag("conformance")
class SelectOldTest {

    private final Steps steps = new Steps();
    private final Launcher rig = new Launcher("SelectOldTest");

    @Test
    void testSelectUnbiasedCompleted() {
        SelectJobTest.completed(rig, steps, SelectJobTest.UNBIASED);
    }

    @Test
    void testSelectUnbiasedIncomplete() {
        SelectJobTest.incomplete(rig, steps, SelectJobTest.UNBIASED);
    }

    @Test
    void testSelectUnbiasedLazy() {
        SelectJobTest.lazy(rig, steps, SelectJobTest.UNBIASED);
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
