package dev.coro.benchmarks;

import dev.coro.Channel;
import dev.coro.Coro;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Channels between two coroutines: our {@link Channel} against SoftwareMill jox (what it replaced, driven from the
 * same coroutines) and Kotlin's channels ({@link KotlinChannels}), in the same run.
 *
 * <p>{@code pingPong*}: one round trip over two rendezvous channels (A sends to B, B sends back), ns per round trip.
 * {@code buffered16*}: a producer coroutine sends into a channel of capacity 16 that the measuring coroutine drains,
 * ns per element. Each invocation is a batch of {@value #BATCH} inside one coroutine, so the one platform-thread
 * wake-up of JMH's thread per batch is amortized.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class ChannelBenchmark {

    static final int BATCH = 1000;

    private Channel<Integer> ping;
    private Channel<Integer> pong;
    private com.softwaremill.jox.Channel<Integer> joxPing;
    private com.softwaremill.jox.Channel<Integer> joxPong;

    @Setup(Level.Trial)
    public void setUp() {
        ping = Coro.channel();
        pong = Coro.channel();
        Coro.mono(() -> {
                    for (Integer v : ping) {
                        pong.send(v);
                    }
                    return null;
                })
                .subscribe(v -> {}, e -> {});
        joxPing = com.softwaremill.jox.Channel.newRendezvousChannel();
        joxPong = com.softwaremill.jox.Channel.newRendezvousChannel();
        Coro.mono(() -> {
                    for (; ; ) {
                        Object v = joxPing.receiveOrClosed();
                        if (v instanceof com.softwaremill.jox.ChannelClosed) {
                            return null;
                        }
                        joxPong.send((Integer) v);
                    }
                })
                .subscribe(v -> {}, e -> {});
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        ping.done();
        joxPing.done();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Integer pingPongCoro() {
        return Coro.mono(() -> {
                    int sum = 0;
                    for (int i = 0; i < BATCH; i++) {
                        ping.send(i);
                        sum += pong.receive();
                    }
                    return sum;
                })
                .block();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Integer pingPongJox() {
        return Coro.mono(() -> {
                    int sum = 0;
                    for (int i = 0; i < BATCH; i++) {
                        joxPing.send(i);
                        sum += joxPong.receive();
                    }
                    return sum;
                })
                .block();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int pingPongKotlinEventLoop() {
        return KotlinChannels.pingPongEventLoop(BATCH);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int pingPongKotlinDefault() {
        return KotlinChannels.pingPongDefault(BATCH);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Integer buffered16Coro() {
        Channel<Integer> ch = Coro.channel(16);
        Coro.mono(() -> {
                    for (int i = 0; i < BATCH; i++) {
                        ch.send(i);
                    }
                    return null;
                })
                .subscribe();
        return Coro.mono(() -> {
                    int sum = 0;
                    for (int i = 0; i < BATCH; i++) {
                        sum += ch.receive();
                    }
                    return sum;
                })
                .block();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Integer buffered16Jox() {
        com.softwaremill.jox.Channel<Integer> ch = com.softwaremill.jox.Channel.newBufferedChannel(16);
        Coro.mono(() -> {
                    for (int i = 0; i < BATCH; i++) {
                        ch.send(i);
                    }
                    return null;
                })
                .subscribe();
        return Coro.mono(() -> {
                    int sum = 0;
                    for (int i = 0; i < BATCH; i++) {
                        sum += ch.receive();
                    }
                    return sum;
                })
                .block();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int buffered16KotlinEventLoop() {
        return KotlinChannels.buffered16EventLoop(BATCH);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int buffered16KotlinDefault() {
        return KotlinChannels.buffered16Default(BATCH);
    }
}
