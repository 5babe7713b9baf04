package dev.coro.conformance.kotlinx;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coro.Channel;
import dev.coro.Coro;
import dev.coro.SelectClause;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Sinks;

/**
 * Port of kotlinx.coroutines {@code kotlinx-coroutines-core/common/test/selects/SelectLoopTest.kt}: {@code runTest}
 * with a child is {@link Coro#scope} with a fork, {@code job.onJoin} is {@link SelectClause#onMono} of an empty Mono
 * the fork completes when it ends, {@code select} is {@link Coro#selectBiased}.
 *
 * <p>Deliberate difference: in Kotlin the select's clause never runs, because the child's failure cancels the parent
 * before the select's continuation is dispatched (prompt cancellation). Ours runs on another thread: the select may
 * take the value and run its clause before the failure arrives, so that clause is allowed here; what both must do is
 * end the loop with a {@link CancellationException} once the child fails, and the scope fails with the child's
 * {@link TestException}.
 */
@Tag("conformance")
class SelectLoopTest {

    private final Steps steps = new Steps();
    private final Launcher rig = new Launcher("select-loop");

    @Test
    void testChannelSelectLoop() {
        rig.run(() -> assertThatThrownBy(() -> Coro.scope(scope -> {
                    steps.expect(1);
                    Channel<String> channel = Coro.channel();
                    Sinks.Empty<Void> joined = Sinks.empty();
                    scope.fork(() -> {
                        steps.expect(2);
                        channel.send("Unit");
                        steps.expect(3);
                        throw new TestException();
                    });
                    try {
                        while (true) {
                            Coro.<Void>selectBiased(
                                    channel.onReceive(v -> null), // Kotlin: unreached (see the class comment)
                                    SelectClause.onMono(joined.asMono(), v -> {
                                        steps.expectUnreached();
                                        return null;
                                    }));
                        }
                    } catch (CancellationException e) {
                        steps.finish(4);
                        throw e;
                    }
                }))
                .isInstanceOf(TestException.class));
    }
}
