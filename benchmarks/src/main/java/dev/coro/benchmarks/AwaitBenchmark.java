package dev.coro.benchmarks;

import static dev.coro.Coro.await;

import dev.coro.Coro;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
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
 * OS-thread wake-ups; {@code *Concurrent} keeps {@value #CONCURRENT} round trips in flight at once, the way a server
 * runs them, and is scored per round trip. The {@code *Future*} pair replaces the scheduler hop by
 * futures that the benchmark thread completes, so that the source costs next to nothing and the coroutine's own
 * cost (start, park, wake-up, completion) is what remains.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AwaitBenchmark {

    /** Awaits per coroutine in {@link #awaitJustInCoroutine()}: enough to make the coroutine's start negligible. */
    static final int AWAITS = 100_000;

    static final int CONCURRENT = 1_000;

    static final String UNTRACKED = "-Djdk.trackAllThreads=false";

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
    public void coroMonoNoAwaitConcurrent() throws InterruptedException {
        InFlight all = new InFlight(CONCURRENT);
        for (int i = 0; i < CONCURRENT; i++) {
            int v = i;
            Coro.mono(() -> v + 1).subscribe(all.subscriber());
        }
        all.await();
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
    public void coroMonoAsyncConcurrent() throws InterruptedException {
        inFlight(AwaitBenchmark::coroMono);
    }

    /** The same as {@link #coroMonoAsyncConcurrent()} with Reactor operators. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @OperationsPerInvocation(CONCURRENT)
    public void reactorAsyncConcurrent() throws InterruptedException {
        inFlight(AwaitBenchmark::reactor);
    }

    /**
     * {@value #CONCURRENT} {@code Coro.mono}, each awaiting a {@code CompletableFuture} that the benchmark thread
     * completes once all of them are subscribed, the way an event loop delivers replies: each coroutine parks and is
     * woken by the completing thread. Scored per round trip; nearly all of it is the coroutine's own cost.
     */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @OperationsPerInvocation(CONCURRENT)
    public void coroMonoFutureConcurrent() throws InterruptedException {
        replies(future -> Coro.mono(() -> Objects.requireNonNull(await(future)) + 1));
    }

    /** The same as {@link #coroMonoFutureConcurrent()} with Reactor operators. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @OperationsPerInvocation(CONCURRENT)
    public void reactorFutureConcurrent() throws InterruptedException {
        replies(future -> Mono.defer(() -> future).flatMap(v -> Mono.just(v + 1)));
    }

    // ---- Issue 12: Kotlin's mono{} beside ours and Reactor's, one at a time, and the JDK's thread registry. ----

    /** Kotlin's {@code mono(Dispatchers.Default) { asyncValue.awaitSingle() + 1 }}, {@value #CONCURRENT} in flight. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @OperationsPerInvocation(CONCURRENT)
    public void kotlinDefaultAsyncConcurrent() throws InterruptedException {
        inFlight(v -> KotlinMonos.awaitPlusOne(KotlinMonos.DEFAULT, asyncValue(v)));
    }

    /** The same on {@code Dispatchers.Unconfined}. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @OperationsPerInvocation(CONCURRENT)
    public void kotlinUnconfinedAsyncConcurrent() throws InterruptedException {
        inFlight(v -> KotlinMonos.awaitPlusOne(KotlinMonos.UNCONFINED, asyncValue(v)));
    }

    /** Kotlin's {@code mono(Dispatchers.Default)} awaiting a future, {@value #CONCURRENT} in flight. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @OperationsPerInvocation(CONCURRENT)
    public void kotlinDefaultFutureConcurrent() throws InterruptedException {
        replies(future -> KotlinMonos.awaitPlusOne(KotlinMonos.DEFAULT, future));
    }

    /** The same on {@code Dispatchers.Unconfined}. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @OperationsPerInvocation(CONCURRENT)
    public void kotlinUnconfinedFutureConcurrent() throws InterruptedException {
        replies(future -> KotlinMonos.awaitPlusOne(KotlinMonos.UNCONFINED, future));
    }

    /** {@link #coroMonoFutureConcurrent()} without the JDK's registry of all threads. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @OperationsPerInvocation(CONCURRENT)
    @Fork(jvmArgsAppend = UNTRACKED)
    public void coroMonoFutureConcurrentUntracked() throws InterruptedException {
        replies(future -> Coro.mono(() -> Objects.requireNonNull(await(future)) + 1));
    }

    /**
     * One {@code Coro.mono} awaiting a future that the benchmark thread completes once the coroutine has subscribed
     * to it, one at a time: the latency of a round trip whose reply comes from another thread.
     */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void coroMonoFutureOne() throws InterruptedException {
        replies(future -> Coro.mono(() -> Objects.requireNonNull(await(future)) + 1), 1);
    }

    /** Kotlin's {@code mono(Dispatchers.Default)} awaiting a future, one at a time. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void kotlinDefaultFutureOne() throws InterruptedException {
        replies(future -> KotlinMonos.awaitPlusOne(KotlinMonos.DEFAULT, future), 1);
    }

    /** The same on {@code Dispatchers.Unconfined}. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void kotlinUnconfinedFutureOne() throws InterruptedException {
        replies(future -> KotlinMonos.awaitPlusOne(KotlinMonos.UNCONFINED, future), 1);
    }

    /** Reactor's operators awaiting a future, one at a time. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void reactorFutureOne() throws InterruptedException {
        replies(future -> Mono.defer(() -> future).flatMap(v -> Mono.just(v + 1)), 1);
    }

    /** Kotlin's {@code mono(Dispatchers.Default) { v + 1 }}, {@value #CONCURRENT} in flight. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @OperationsPerInvocation(CONCURRENT)
    public void kotlinDefaultNoAwaitConcurrent() throws InterruptedException {
        inFlight(v -> KotlinMonos.noAwait(KotlinMonos.DEFAULT, v));
    }

    /** The same on {@code Dispatchers.Unconfined}. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @OperationsPerInvocation(CONCURRENT)
    public void kotlinUnconfinedNoAwaitConcurrent() throws InterruptedException {
        inFlight(v -> KotlinMonos.noAwait(KotlinMonos.UNCONFINED, v));
    }

    /** Reactor's {@code Mono.fromSupplier(() -> v + 1)}, {@value #CONCURRENT} in flight. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @OperationsPerInvocation(CONCURRENT)
    public void reactorNoAwaitConcurrent() throws InterruptedException {
        inFlight(v -> Mono.fromSupplier(() -> v + 1));
    }

    /** {@link #coroMonoNoAwaitConcurrent()} without the JDK's registry of all threads. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @OperationsPerInvocation(CONCURRENT)
    @Fork(jvmArgsAppend = UNTRACKED)
    public void coroMonoNoAwaitConcurrentUntracked() throws InterruptedException {
        inFlight(v -> Coro.mono(() -> v + 1));
    }

    private static void inFlight(IntFunction<Mono<Integer>> pipeline) throws InterruptedException {
        InFlight all = new InFlight(CONCURRENT);
        for (int i = 0; i < CONCURRENT; i++) {
            pipeline.apply(i).subscribe(all.subscriber());
        }
        all.await();
    }

    private static void replies(Function<Mono<Integer>, Mono<Integer>> pipeline) throws InterruptedException {
        replies(pipeline, CONCURRENT);
    }

    private static void replies(Function<Mono<Integer>, Mono<Integer>> pipeline, int count)
            throws InterruptedException {
        CompletableFuture<?>[] futures = new CompletableFuture<?>[count];
        AtomicInteger subscribed = new AtomicInteger();
        InFlight all = new InFlight(count);
        for (int i = 0; i < count; i++) {
            CompletableFuture<Integer> future = new CompletableFuture<>();
            futures[i] = future;
            pipeline.apply(Mono.fromFuture(future).doOnSubscribe(s -> subscribed.incrementAndGet()))
                    .subscribe(all.subscriber());
        }
        // The coroutines subscribe to their future on their own threads: the replies come once all of them wait.
        while (subscribed.get() < count) {
            Thread.yield();
        }
        for (int i = 0; i < count; i++) {
            complete(futures[i], i);
        }
        all.await();
    }

    @SuppressWarnings("unchecked")
    private static void complete(CompletableFuture<?> future, int value) {
        ((CompletableFuture<Integer>) future).complete(value);
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
