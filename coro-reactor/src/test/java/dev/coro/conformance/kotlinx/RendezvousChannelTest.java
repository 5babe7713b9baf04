package dev.coro.conformance.kotlinx;

import static dev.coro.conformance.kotlinx.ChannelKit.after;
import static dev.coro.conformance.kotlinx.ChannelKit.join;
import static dev.coro.conformance.kotlinx.ChannelKit.tryReceive;
import static dev.coro.conformance.kotlinx.ChannelKit.trySend;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coro.Channel;
import dev.coro.ChannelClosedException;
import dev.coro.Coro;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Port of kotlinx.coroutines {@code kotlinx-coroutines-core/common/test/channels/RendezvousChannelTest.kt}:
 * {@code Channel(RENDEZVOUS)} is {@code Coro.channel()}. Kotlin's {@code isEmpty} has no counterpart and is left out;
 * {@code close()} is {@code done()}, {@code receiveCatching().getOrNull()} is {@code receiveOrNull()}, and
 * {@code cancel(cause)} is {@code error(cause)} (which drops the buffer as Kotlin's cancel does).
 */
@Tag("conformance")
class RendezvousChannelTest {

    private final Steps steps = new Steps();
    private final ChannelKit kit = new ChannelKit("rendezvous-");

    @Test
    void testSimple() {
        Channel<Integer> q = Coro.channel();
        steps.expect(1);
        CompletableFuture<Void> sender = kit.launch("sender", () -> {
            steps.expect(2);
            q.send(1); // suspends: the first to come to rendezvous
            q.send(2);
        });
        kit.waitSuspended("sender", "Channel.send");
        steps.expect(3);
        CompletableFuture<Void> receiver = kit.launch("receiver", () -> {
            assertThat(q.receive()).isEqualTo(1); // does not suspend: the sender was there
            assertThat(q.receive()).isEqualTo(2);
        });
        join(sender);
        join(receiver);
        assertThat(q.isClosedForSend()).isFalse();
        steps.finish(4);
    }

    @Test
    void testClosedReceiveCatching() {
        Channel<Integer> q = Coro.channel();
        assertThat(q.isClosedForSend()).isFalse();
        assertThat(q.isClosedForReceive()).isFalse();
        steps.expect(1);
        CompletableFuture<Void> receiver = kit.launch("receiver", () -> {
            assertThat(q.receiveOrNull()).isEqualTo(42);
            steps.expect(3);
            assertThat(q.receiveOrNull()).isNull();
            steps.expect(5);
        });
        steps.expect(2);
        q.send(42);
        // Past step 3 the receiver has resumed from its first receive: a suspension seen now is the second one.
        after(steps, 3);
        kit.waitSuspended("receiver", "Channel.receive");
        steps.expect(4);
        q.done();
        assertThat(q.isClosedForSend()).isTrue();
        assertThat(q.isClosedForReceive()).isTrue();
        join(receiver);
        steps.finish(6);
    }

    @Test
    void testClosedExceptions() {
        Channel<Integer> q = Coro.channel();
        steps.expect(1);
        CompletableFuture<Void> receiver = kit.launch("receiver", () -> {
            try {
                q.receive();
                steps.expectUnreached();
            } catch (ChannelClosedException e) {
                steps.expect(3);
            }
        });
        kit.waitSuspended("receiver", "Channel.receive");
        steps.expect(2);
        q.done();
        join(receiver);
        steps.expect(4);
        assertThatThrownBy(() -> q.send(42)).isInstanceOf(ChannelClosedException.class);
        steps.finish(5);
    }

    @Test
    void testTrySendTryReceive() {
        Channel<Integer> q = Coro.channel();
        kit.runMain(() -> {
            assertThat(trySend(q, 1)).isFalse();
            steps.expect(1);
            CompletableFuture<Void> receiver = kit.launch("receiver", () -> {
                steps.expect(2);
                assertThat(tryReceive(q)).isNull();
                steps.expect(3);
                assertThat(q.receive()).isEqualTo(2); // suspends
                after(steps, 5);
                assertThat(tryReceive(q)).isNull();
                steps.expect(6);
                kit.waitSuspended("test-main", "Channel.send"); // Kotlin's yield: main suspends in send(3)
                steps.expect(8);
                assertThat(tryReceive(q)).isEqualTo(3);
                steps.expect(9);
            });
            kit.waitSuspended("receiver", "Channel.receive");
            steps.expect(4);
            assertThat(trySend(q, 2)).isTrue();
            steps.expect(5);
            after(steps, 6);
            steps.expect(7);
            q.send(3);
            join(receiver);
            steps.finish(10);
        });
    }

    @Test
    void testIteratorClosed() {
        Channel<Integer> q = Coro.channel();
        kit.runMain(() -> {
            steps.expect(1);
            CompletableFuture<Void> closer = kit.launch("closer", () -> {
                kit.waitSuspended("test-main", "Channel.receive");
                steps.expect(3);
                q.done();
            });
            steps.expect(2);
            for (Integer ignored : q) {
                steps.expectUnreached();
            }
            join(closer);
            steps.finish(4);
        });
    }

    @Test
    void testIteratorOne() {
        Channel<Integer> q = Coro.channel();
        kit.runMain(() -> {
            steps.expect(1);
            CompletableFuture<Void> sender = kit.launch("sender", () -> {
                q.send(1);
                q.done();
            });
            steps.expect(2);
            for (Integer x : q) {
                steps.expect(3);
                assertThat(x).isEqualTo(1);
            }
            join(sender);
            steps.finish(4);
        });
    }

    @Test
    void testIteratorOneWithYield() {
        Channel<Integer> q = Coro.channel();
        kit.runMain(() -> {
            steps.expect(1);
            CompletableFuture<Void> sender = kit.launch("sender", () -> {
                steps.expect(2);
                q.send(1); // will suspend
                q.done();
            });
            kit.waitSuspended("sender", "Channel.send"); // Kotlin's yield to the sender before the loop
            steps.expect(3);
            for (Integer x : q) {
                steps.expect(4);
                assertThat(x).isEqualTo(1);
            }
            join(sender);
            steps.finish(5);
        });
    }

    @Test
    void testIteratorTwo() {
        Channel<Integer> q = Coro.channel();
        kit.runMain(() -> {
            steps.expect(1);
            CompletableFuture<Void> sender = kit.launch("sender", () -> {
                q.send(1);
                q.send(2);
                q.done();
            });
            steps.expect(2);
            List<Integer> got = new ArrayList<>();
            for (Integer x : q) {
                switch (x) {
                    case 1 -> steps.expect(3);
                    case 2 -> steps.expect(4);
                    default -> steps.expectUnreached();
                }
                got.add(x);
            }
            join(sender);
            assertThat(got).containsExactly(1, 2);
            steps.finish(5);
        });
    }

    @Test
    void testIteratorTwoWithYield() {
        Channel<Integer> q = Coro.channel();
        kit.runMain(() -> {
            steps.expect(1);
            CompletableFuture<Void> sender = kit.launch("sender", () -> {
                steps.expect(2);
                q.send(1); // will suspend
                q.send(2);
                q.done();
            });
            kit.waitSuspended("sender", "Channel.send");
            steps.expect(3);
            for (Integer x : q) {
                switch (x) {
                    case 1 -> steps.expect(4);
                    case 2 -> steps.expect(5);
                    default -> steps.expectUnreached();
                }
            }
            join(sender);
            steps.finish(6);
        });
    }

    /**
     * Deliberate difference: Kotlin's {@code close()} leaves a suspended sender's value to be received, and the sender
     * resumes normally; ours is Go's close: the suspended sender throws {@link ChannelClosedException} and its value is
     * not delivered (docs/coroutines.md, "Channels and select": "a send on a closed channel throws
     * ChannelClosedException (Go panics)"; Channel.done(): "Senders suspended on a full channel get
     * ChannelClosedException").
     */
    @Test
    void testSuspendSendOnClosedChannel() {
        Channel<Integer> q = Coro.channel();
        steps.expect(1);
        CompletableFuture<Void> sender = kit.launch("sender", () -> {
            steps.expect(2);
            try {
                q.send(42); // suspends
                steps.expectUnreached();
            } catch (ChannelClosedException e) {
                steps.expect(4); // Kotlin: resumes normally once 42 is received
            }
        });
        kit.waitSuspended("sender", "Channel.send");
        steps.expect(3);
        q.done();
        join(sender);
        assertThat(q.receiveOrNull()).isNull(); // Kotlin: 42, then null
        steps.finish(5);
    }

    /** A value whose equals and hashCode throw: the channel must never call them. */
    private static final class BadClass {
        @Override
        public boolean equals(Object other) {
            throw new UnsupportedOperationException("equals");
        }

        @Override
        public int hashCode() {
            throw new UnsupportedOperationException("hashCode");
        }
    }

    @Test
    void testProduceBadClass() {
        BadClass bad = new BadClass();
        Channel<BadClass> c = Coro.channel();
        // produce { send(bad) }: a coroutine sending into a channel it then closes.
        CompletableFuture<Void> producer = kit.launch("producer", () -> {
            steps.expect(1);
            c.send(bad);
            c.done();
        });
        assertThat(c.receive()).isSameAs(bad);
        join(producer);
        steps.finish(2);
    }

    /**
     * Deliberate difference: {@code q.cancel()} is {@code q.error(new CancellationException())}; the suspended senders
     * get {@link ChannelClosedException} (Kotlin: CancellationException), and a receive throws the cause itself
     * (docs/coroutines.md: "error(e) closes with a failure receivers get as the same object (buffered values are
     * dropped, as in Kotlin's cancel)").
     */
    @Test
    void testConsumeAll() {
        Channel<Integer> q = Coro.channel();
        List<CompletableFuture<Void>> senders = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            int value = i;
            senders.add(kit.launch("sender-" + i + "-", () -> {
                try {
                    q.send(value); // suspends
                    steps.expectUnreached(); // will fail by the cancel
                } catch (ChannelClosedException e) {
                    // Kotlin: CancellationException
                }
            }));
            kit.waitSuspended("sender-" + i + "-", "Channel.send");
        }
        steps.expect(1);
        CancellationException cancel = new CancellationException("channel cancelled");
        q.error(cancel);
        assertThat(q.isClosedForSend()).isTrue();
        assertThat(q.isClosedForReceive()).isTrue();
        assertThatThrownBy(q::receiveOrNull).isSameAs(cancel);
        senders.forEach(ChannelKit::join);
        steps.finish(2);
    }

    @Test
    void testCancelWithCause() {
        Channel<Integer> channel = Coro.channel();
        CancellationException cause = new CancellationException("test cancellation");
        channel.error(cause);
        assertThatThrownBy(channel::receiveOrNull).isSameAs(cause);
    }
}
