package dev.coro.benchmarks;

import dev.coro.Coro;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import reactor.core.publisher.Flux;

/**
 * Emitting {@value #N} integers to a subscriber that requests in batches of {@value BatchSubscriber#BATCH} from
 * {@code onNext}: {@code Coro.flux} against {@code Flux.generate} and against a virtual thread pushing into
 * {@code Flux.create}. Scores are nanoseconds per element, subscription and completion included.
 *
 * <p>{@code Flux.generate} runs on the benchmark thread; the other two run on a virtual thread, and the benchmark
 * thread waits on a latch for their completion: one thread start and one wake-up per {@value #N} elements.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(FluxEmitBenchmark.N)
public class FluxEmitBenchmark {

    /** Elements per subscription: enough to make a thread start and wake-up (~50 µs) cost 0.05 ns per element. */
    static final int N = 1_000_000;

    // Boxed once: the benchmark measures emission, not Integer allocation (which would add the same ~16 bytes and a
    // few nanoseconds per element to every contender). 1024 of them stay in the L1/L2 cache.
    private static final Integer[] VALUES = new Integer[1024];

    static {
        for (int i = 0; i < VALUES.length; i++) {
            VALUES[i] = i;
        }
    }

    private final Flux<Integer> coroFlux = Coro.flux(out -> {
        for (int i = 0; i < N; i++) {
            out.yield(VALUES[i & 1023]);
        }
    });

    // A mutable state object, the allocation-free way to write a counting generator.
    private final Flux<Integer> generate = Flux.generate(() -> new int[1], (i, sink) -> {
        if (i[0] < N) {
            sink.next(VALUES[i[0]++ & 1023]);
        } else {
            sink.complete();
        }
        return i;
    });

    // Reactor's fastest synchronous source, mapped to the same boxed values: the floor for emitting on one thread.
    private final Flux<Integer> range = Flux.range(0, N).map(i -> VALUES[i & 1023]);

    // The naive way to put a virtual thread behind a Flux: push everything, let FluxCreate's buffer absorb the gap
    // between production and demand.
    private final Flux<Integer> virtualThreadCreate =
            Flux.create(sink -> Thread.ofVirtual().start(() -> {
                for (int i = 0; i < N; i++) {
                    sink.next(VALUES[i & 1023]);
                }
                sink.complete();
            }));

    /** {@code Coro.flux}: the generator's loop emits on its own virtual thread while there is demand. */
    @Benchmark
    public long coroFlux() throws InterruptedException {
        return drain(coroFlux);
    }

    // Kotlin's generator (kotlinx-coroutines-reactor's flux {}): send suspends while there is no demand.
    private final Flux<Integer> kotlinDefault = KotlinMonos.range(KotlinMonos.DEFAULT, N, VALUES);
    private final Flux<Integer> kotlinUnconfined = KotlinMonos.range(KotlinMonos.UNCONFINED, N, VALUES);

    /** Kotlin's {@code flux(Dispatchers.Default) { send(...) }}. */
    @Benchmark
    public long kotlinFluxDefault() throws InterruptedException {
        return drain(kotlinDefault);
    }

    /** Kotlin's {@code flux(Dispatchers.Unconfined) { send(...) }}: emits on the subscriber's thread. */
    @Benchmark
    public long kotlinFluxUnconfined() throws InterruptedException {
        return drain(kotlinUnconfined);
    }

    /** {@code Flux.generate}: Reactor's synchronous generator, one callback per element, on the benchmark thread. */
    @Benchmark
    public long fluxGenerate() throws InterruptedException {
        return drain(generate);
    }

    /** {@code Flux.range(0, N).map(...)}: Reactor's fastest source, on the benchmark thread. */
    @Benchmark
    public long fluxRange() throws InterruptedException {
        return drain(range);
    }

    /**
     * {@code Flux.generate} subscribed from a virtual thread: the same thread start and wake-up as {@link #coroFlux()},
     * so that the two differ only in how they emit.
     */
    @Benchmark
    public long fluxGenerateOnVirtualThread() throws InterruptedException {
        BatchSubscriber subscriber = new BatchSubscriber();
        Thread.ofVirtual().start(() -> generate.subscribe(subscriber));
        return subscriber.await(N);
    }

    /** A virtual thread pushing into {@code Flux.create}, whose buffer decouples it from the consumer's demand. */
    @Benchmark
    public long virtualThreadFluxCreate() throws InterruptedException {
        return drain(virtualThreadCreate);
    }

    private static long drain(Flux<Integer> flux) throws InterruptedException {
        BatchSubscriber subscriber = new BatchSubscriber();
        flux.subscribe(subscriber);
        return subscriber.await(N);
    }
}
