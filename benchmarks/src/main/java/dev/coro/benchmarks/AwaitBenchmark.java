package dev.coro.benchmarks;

import static dev.coro.Coro.await;

import dev.coro.Coro;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The cost of {@code Coro.await}: of an already-known value ({@code Mono.just}), and of one await of an asynchronous
 * Mono inside a {@code Coro.mono}, against the same pipeline written with Reactor operators.
 *
 * <p>The asynchronous Mono is {@code Mono.just(x).publishOn(Schedulers.parallel())}: its value always arrives on
 * another thread, as a reply from a Netty event loop does, and the Reactor version uses the very same source, so the
 * difference between the two is what the coroutine adds (a virtual thread started, parked and unparked, and its
 * completion). Two shapes: {@code *Latency} is one round trip waited for by the benchmark thread, dominated by
 * OS-thread wake-ups; {@code *Concurrent} runs {@value #CONCURRENT} round trips at once through {@code flatMap}, the
 * way a server runs them, and is scored per round trip.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AwaitBenchmark {

    /** Awaits per coroutine in {@link #awaitJustInCoroutine()}: enough to make the coroutine's start negligible. */
    static final int AWAITS = 100_000;

    static final int CONCURRENT = 1_000;

    private int x = 42;

    /** {@code await(Mono.just(i))} in a loop inside one coroutine; scored per await. */
    @Benchmark
    @OperationsPerInvocation(AWAITS)
    public long awaitJustInCoroutine() {
        Long sum = Coro.mono(() -> {
                    long s = 0;
                    for (int i = 0; i < AWAITS; i++) {
                        s += Objects.requireNonNull(await(Mono.just(i)));
                    }
                    return s;
                })
                .block();
        return Objects.requireNonNull(sum);
    }

    /**
     * {@value #CONCURRENT} {@code Coro.mono} without any await in flight at once, scored per coroutine: what starting,
     * running and completing a coroutine costs before any suspension.
     */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @OperationsPerInvocation(CONCURRENT)
    public long coroMonoNoAwaitConcurrent() {
        return Objects.requireNonNull(Flux.range(0, CONCURRENT)
                .flatMap(i -> Coro.mono(() -> i + 1), CONCURRENT)
                .count()
                .block());
    }

    /** {@code await(Mono.just(x))} on the benchmark's own (platform) thread, outside any coroutine. */
    @Benchmark
    public int awaitJustOutsideCoroutine() {
        return Objects.requireNonNull(await(Mono.just(x)));
    }

    /** Reactor's own way to wait for {@code Mono.just(x)}, for comparison with the above. */
    @Benchmark
    public int blockJust() {
        return Objects.requireNonNull(Mono.just(x).block());
    }

    /** One {@code Coro.mono} with one await of an asynchronous Mono, waited for by the benchmark thread. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int coroMonoAsyncLatency() {
        return Objects.requireNonNull(coroMono(x).block());
    }

    /** The same pipeline as {@link #coroMonoAsyncLatency()} with Reactor operators. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int reactorAsyncLatency() {
        return Objects.requireNonNull(reactor(x).block());
    }

    /** {@value #CONCURRENT} {@code Coro.mono} round trips in flight at once; scored per round trip. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @OperationsPerInvocation(CONCURRENT)
    public long coroMonoAsyncConcurrent() {
        return Objects.requireNonNull(Flux.range(0, CONCURRENT)
                .flatMap(AwaitBenchmark::coroMono, CONCURRENT)
                .count()
                .block());
    }

    /** The same as {@link #coroMonoAsyncConcurrent()} with Reactor operators. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @OperationsPerInvocation(CONCURRENT)
    public long reactorAsyncConcurrent() {
        return Objects.requireNonNull(Flux.range(0, CONCURRENT)
                .flatMap(AwaitBenchmark::reactor, CONCURRENT)
                .count()
                .block());
    }

    private static Mono<Integer> asyncValue(int value) {
        return Mono.just(value).publishOn(Schedulers.parallel());
    }

    private static Mono<Integer> coroMono(int value) {
        return Coro.mono(() -> Objects.requireNonNull(await(asyncValue(value))) + 1);
    }

    private static Mono<Integer> reactor(int value) {
        return Mono.defer(() -> asyncValue(value)).flatMap(v -> Mono.just(v + 1));
    }
}
