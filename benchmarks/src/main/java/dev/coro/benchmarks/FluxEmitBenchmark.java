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
 * thread waits on a latch for their completion: one thread start and one wake-up per {@value #N} elements (tens of
 * microseconds, well under 1 ns per element).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(FluxEmitBenchmark.N)
public class FluxEmitBenchmark {

    static final int N = 100_000;

    private final Flux<Integer> coroFlux = Coro.flux(out -> {
        for (int i = 0; i < N; i++) {
            out.yield(i);
        }
    });

    private final Flux<Integer> generate = Flux.generate(() -> 0, (i, sink) -> {
        if (i < N) {
            sink.next(i);
        } else {
            sink.complete();
        }
        return i + 1;
    });

    // The naive way to put a virtual thread behind a Flux: push everything, let FluxCreate's buffer absorb the gap
    // between production and demand.
    private final Flux<Integer> virtualThreadCreate =
            Flux.create(sink -> Thread.ofVirtual().start(() -> {
                for (int i = 0; i < N; i++) {
                    sink.next(i);
                }
                sink.complete();
            }));

    @Benchmark
    public long coroFlux() throws InterruptedException {
        return drain(coroFlux);
    }

    @Benchmark
    public long fluxGenerate() throws InterruptedException {
        return drain(generate);
    }

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
