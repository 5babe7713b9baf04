package dev.coro.conformance.kotlinx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coro.AwaitIterable;
import dev.coro.Channel;
import dev.coro.ChannelClosedException;
import dev.coro.Coro;
import dev.coro.CoroutineState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Port of kotlinx.coroutines {@code kotlinx-coroutines-core/jvm/test/channels/ChannelSendReceiveStressTest.kt} (which
 * Kotlin marks {@code @Ignore}; it runs here), parameterized over the kinds we have ({@link ChannelKit.Kind}) and
 * Kotlin's sender and receiver counts. Senders alternate {@code send} and {@code select(onSend)}; receivers rotate
 * through {@code receive}, {@code receiveOrNull}, the iterator, {@code select(onReceive)} and (for Kotlin's
 * {@code onReceiveCatching}, which we lack) {@code asFlux()} through {@code Coro.each}. Every value arrives exactly
 * once. Kotlin's 200_000 events in 30 s become 20_000 (2_000 with {@code CI}); its throttle for the unlimited channel
 * is not needed at that size. So that "each receiver received something" is not up to the scheduler, the senders
 * start once every receiver waits (waiting receivers are served in FIFO order).
 */
@Tag("conformance")
@Tag("stress")
class ChannelSendReceiveStressTest {

    private final ChannelKit kit = new ChannelKit("send-receive-stress-");

    static Stream<Arguments> params() {
        return Stream.of(1, 2, 10)
                .flatMap(nSenders -> Stream.of(1, 10)
                        .flatMap(nReceivers -> Arrays.stream(ChannelKit.Kind.values())
                                .map(kind -> Arguments.of(kind, nSenders, nReceivers))));
    }

    @ParameterizedTest(name = "{0}, nSenders={1}, nReceivers={2}")
    @MethodSource("params")
    void testSendReceiveStress(ChannelKit.Kind kind, int nSenders, int nReceivers) {
        int nEvents = ChannelKit.CI ? 2_000 : 20_000;
        Channel<Integer> channel = kind.create();
        AtomicIntegerArray received = new AtomicIntegerArray(nEvents);
        AtomicInteger dupes = new AtomicInteger();
        AtomicInteger receivedTotal = new AtomicInteger();
        AtomicInteger sentTotal = new AtomicInteger();
        int[] receivedBy = new int[nReceivers];
        List<CompletableFuture<Void>> receivers = new ArrayList<>();
        for (int r = 0; r < nReceivers; r++) {
            int index = r;
            Receiver onEvent = event -> {
                if (!received.compareAndSet(event, 0, 1)) {
                    dupes.incrementAndGet();
                }
                receivedTotal.incrementAndGet();
                receivedBy[index]++;
            };
            receivers.add(kit.launch("receiver" + index + "-", () -> {
                switch (index % 5) {
                    case 0 -> {
                        try {
                            for (; ; ) onEvent.accept(channel.receive());
                        } catch (ChannelClosedException e) {
                            // done
                        }
                    }
                    case 1 -> {
                        for (Integer e; (e = channel.receiveOrNull()) != null; ) onEvent.accept(e);
                    }
                    case 2 -> {
                        for (Integer e : channel) onEvent.accept(e);
                    }
                    case 3 -> {
                        try {
                            for (; ; ) onEvent.accept(Coro.<Integer>select(channel.onReceive(v -> v)));
                        } catch (ChannelClosedException e) {
                            // done
                        }
                    }
                    default -> {
                        try (AwaitIterable<Integer> each = Coro.each(channel.asFlux(), 1)) {
                            for (Integer e : each) onEvent.accept(e);
                        }
                    }
                }
            }));
        }
        Steps.waitUntil(
                "every receiver waits",
                () -> kit.scheduler.coroutines().stream()
                                .filter(c -> c.state() == CoroutineState.SUSPENDED
                                        && ("Channel.receive".equals(c.awaiting())
                                                || "Coro.select".equals(c.awaiting())))
                                .count()
                        == nReceivers);
        List<CompletableFuture<Void>> senders = new ArrayList<>();
        for (int s = 0; s < nSenders; s++) {
            int index = s;
            senders.add(kit.launch("sender" + index + "-", () -> {
                for (int i = index; i < nEvents; i += nSenders) {
                    if (index % 2 == 0) {
                        channel.send(i);
                    } else {
                        Coro.<Boolean>select(channel.onSend(i, () -> true));
                    }
                    sentTotal.incrementAndGet();
                }
            }));
        }
        senders.forEach(ChannelKit::join);
        channel.done();
        receivers.forEach(ChannelKit::join);
        assertThat(dupes.get()).as("dupes").isZero();
        assertThat(sentTotal.get()).isEqualTo(nEvents);
        assertThat(receivedTotal.get()).isEqualTo(nEvents);
        for (int r = 0; r < nReceivers; r++) {
            assertThat(receivedBy[r]).as("received by #%d", r).isPositive();
        }
    }

    private interface Receiver {
        void accept(int event);
    }
}
