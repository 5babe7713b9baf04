package dev.coro.benchmarks;

import dev.coro.Coro;
import dev.coro.Generator;
import java.util.Iterator;
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
 * One {@code Generator.send} round trip (caller -> body -> caller) against one {@code Iterator.next()}.
 *
 * <p>The round trip is two thread hand-offs. {@code sendFromPlatformThread} is the naive measurement: JMH's own
 * thread is a platform thread, and the generator's spin-then-park handshake is what keeps it from paying a
 * platform-thread wake-up (20-40 µs) per send. {@code sendFromCoroutine} measures what coroutine code sees: the caller
 * is itself a coroutine, 1000 sends per invocation, so the one platform-thread wake-up at the end of each batch
 * is amortized. The {@code ...ParkOnly} variants switch spinning and yielding off ({@code -Dcoro.generator.spins=0 -Dcoro.generator.yields=0}) to show what
 * the handshake saves. {@code sendFromCoroutineYieldOnly} switches off the spin while the other side is mounted
 * ({@code -Dcoro.generator.mountedSpins=0}): always yield, as before issue 9.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class GeneratorSendBenchmark {

    private static final int BATCH = 1000;

    private Generator<Integer, Integer> doubler;
    private Iterator<Integer> iterator;
    private int n;

    @Setup(Level.Trial)
    public void setUp() {
        doubler = Coro.generator(y -> {
            Integer in = y.yield(null);
            while (true) {
                in = y.yield(in * 2);
            }
        });
        doubler.send(null);
        iterator = new Iterator<>() {
            private int i;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Integer next() {
                return i++ * 2;
            }
        };
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        doubler.close();
    }

    @Benchmark
    public Integer iteratorNext() {
        return iterator.next();
    }

    @Benchmark
    public Integer sendFromPlatformThread() {
        return doubler.send(n++ & 1023);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Long sendFromCoroutine() {
        return Coro.mono(this::sendBatch).block();
    }

    @Benchmark
    @Fork(
            value = 1,
            jvmArgsAppend = {"-Dcoro.generator.spins=0", "-Dcoro.generator.yields=0"})
    public Integer sendFromPlatformThreadParkOnly() {
        return doubler.send(n++ & 1023);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    @Fork(
            value = 1,
            jvmArgsAppend = {"-Dcoro.generator.spins=0", "-Dcoro.generator.yields=0"})
    public Long sendFromCoroutineParkOnly() {
        return Coro.mono(this::sendBatch).block();
    }

    /** The hand-off before issue 9's tuning: always yield, never spin while the other side is mounted. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    @Fork(
            value = 1,
            jvmArgsAppend = {"-Dcoro.generator.mountedSpins=0"})
    public Long sendFromCoroutineYieldOnly() {
        return Coro.mono(this::sendBatch).block();
    }

    /**
     * Kotlin's counterpart of a two-way generator: two coroutines and two rendezvous {@code Channel}s, one send and
     * one receive each way per round trip, both on {@code runBlocking}'s single thread (its event loop). Scored per
     * round trip, {@value #BATCH} per invocation as {@link #sendFromCoroutine()}.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int kotlinChannelPingPongEventLoop() {
        return KotlinChannels.pingPongEventLoop(BATCH);
    }

    /** The same ping-pong with both coroutines on {@code Dispatchers.Default}. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int kotlinChannelPingPongDefault() {
        return KotlinChannels.pingPongDefault(BATCH);
    }

    private long sendBatch() {
        long sum = 0;
        for (int i = 0; i < BATCH; i++) {
            sum += doubler.send(i);
        }
        return sum;
    }
}
