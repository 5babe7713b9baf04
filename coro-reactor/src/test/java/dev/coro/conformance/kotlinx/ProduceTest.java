package dev.coro.conformance.kotlinx;

import static dev.coro.conformance.kotlinx.ChannelKit.after;
import static dev.coro.conformance.kotlinx.ChannelKit.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coro.Channel;
import dev.coro.ChannelClosedException;
import dev.coro.Coro;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Port of kotlinx.coroutines {@code kotlinx-coroutines-core/common/test/channels/ProduceTest.kt}, the tests that are
 * about the channel rather than {@code ProducerScope} ({@code awaitClose}, {@code invokeOnClose}, the producer's
 * {@code Job} and its children, which we do not have). {@code produce { ... }} is a rendezvous channel and a coroutine
 * that sends and then calls {@code done()}, or {@code error(e)} when it fails; {@code cancel(cause)} is
 * {@code error(cause)}.
 */
@Tag("conformance")
class ProduceTest {

    private final Steps steps = new Steps();
    private final ChannelKit kit = new ChannelKit("produce-");

    @Test
    void testBasic() {
        Channel<Integer> c = Coro.channel();
        steps.expect(1);
        CompletableFuture<Void> producer = kit.launch("producer", () -> {
            steps.expect(2);
            c.send(1);
            c.send(2);
            c.done();
        });
        assertThat(c.receive()).isEqualTo(1);
        assertThat(c.receive()).isEqualTo(2);
        assertThat(c.receiveOrNull()).isNull();
        join(producer);
        steps.finish(3);
    }

    /**
     * Deliberate difference: the producer suspended in {@code send(2)} gets {@link ChannelClosedException} from the
     * cancel (Kotlin: CancellationException); a receive throws the cancel's cause itself (docs/coroutines.md: "error(e)
     * closes with a failure receivers get as the same object").
     */
    @Test
    void testCancelWithoutCause() {
        Channel<Integer> c = Coro.channel();
        steps.expect(1);
        CompletableFuture<Void> producer = kit.launch("producer", () -> {
            steps.expect(2);
            c.send(1);
            steps.expect(3);
            try {
                c.send(2); // will get cancelled
                steps.expectUnreached();
            } catch (ChannelClosedException e) {
                steps.expect(5);
                throw e;
            }
        });
        assertThat(c.receive()).isEqualTo(1);
        // Past step 3 the producer has resumed from send(1): a suspension seen now is send(2).
        after(steps, 3);
        kit.waitSuspended("producer", "Channel.send");
        steps.expect(4);
        c.error(new CancellationException("channel cancelled"));
        assertThatThrownBy(() -> join(producer)).isInstanceOf(ChannelClosedException.class);
        assertThatThrownBy(c::receiveOrNull).isInstanceOf(CancellationException.class);
        steps.finish(6);
    }

    /** As {@link #testCancelWithoutCause}, with a cause: the receive throws that cause. */
    @Test
    void testCancelWithCause() {
        Channel<Integer> c = Coro.channel();
        CancellationException cause = new CancellationException("test cancellation");
        CompletableFuture<Void> producer = kit.launch("producer", () -> {
            c.send(1);
            steps.expect(1);
            try {
                c.send(2); // will get cancelled
                steps.expectUnreached();
            } catch (ChannelClosedException e) {
                assertThat(e.getCause()).isSameAs(cause); // Kotlin: the cause itself
                throw e;
            }
        });
        assertThat(c.receive()).isEqualTo(1);
        after(steps, 1);
        kit.waitSuspended("producer", "Channel.send");
        c.error(cause);
        assertThatThrownBy(c::receive).isSameAs(cause);
        assertThatThrownBy(() -> join(producer)).isInstanceOf(ChannelClosedException.class);
        steps.finish(2);
    }

    /**
     * Deliberate difference: a producer that fails reports with {@code error(e)}, which drops the five buffered values
     * (docs/coroutines.md: "buffered values are dropped, as in Kotlin's cancel"), so the first receive throws; Kotlin's
     * failed {@code produce} closes its channel with the cause and the five values are received first.
     */
    @Test
    void testReceivingValuesAfterFailingTheCoroutine() {
        Channel<Integer> c = Coro.unlimitedChannel();
        CompletableFuture<Void> producer = kit.launch("producer", () -> {
            try {
                for (int i = 0; i < 5; i++) {
                    c.send(i);
                }
                throw new TestException();
            } catch (TestException e) {
                c.error(e);
                throw e;
            }
        });
        assertThatThrownBy(() -> join(producer)).isInstanceOf(TestException.class);
        assertThatThrownBy(c::receive).isInstanceOf(TestException.class); // Kotlin: 0..4 first
    }

    @Test
    void testProduceWithInvalidCapacity() {
        assertThatThrownBy(() -> Coro.channel(-3)).isInstanceOf(IllegalArgumentException.class);
    }
}
