package dev.coro.benchmarks;

import static dev.coro.Coro.await;

import dev.coro.Coro;
import dev.coro.CoroMonitor;
import dev.coro.CoroScheduler;
import dev.coro.Generator;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import reactor.core.publisher.Mono;

/**
 * What the debugging aids of issue 14 cost, each on and off, in the same run: {@code mode=off} is the default (our JFR
 * events disabled, no monitor); {@code events} records with the shipped {@code coroutines.jfc} (our four events plus
 * {@code jdk.VirtualThreadPinned}, in memory); {@code events-nostack} the same without stack traces; {@code monitor} runs a {@link CoroMonitor} with both watches on the
 * default scheduler (a JFR stream of pinned threads and a sampler every 125 ms).
 *
 * <p>Three workloads: {@code awaitJust}, the await fast path (no suspension, so no event site); {@code coroMonoFuture},
 * a coroutine started, suspended, resumed and ended per operation (all four event sites); {@code generatorSend}, two
 * suspensions per operation between two coroutines and nothing else.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DebuggingCostBenchmark {

    static final int AWAITS = 100_000;
    static final int CONCURRENT = 1_000;
    static final int SENDS = 1_000;

    @Param({"off", "events", "events-nostack", "monitor"})
    public String mode;

    private @Nullable Recording recording;
    private @Nullable CoroMonitor monitor;
    private @Nullable Generator<Integer, Integer> doubler;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        switch (mode) {
            case "off" -> {}
            case "events", "events-nostack" -> {
                try (Reader jfc = new InputStreamReader(
                        Objects.requireNonNull(Coro.class.getResourceAsStream("/META-INF/coro-reactor/coroutines.jfc")),
                        StandardCharsets.UTF_8)) {
                    Recording r = new Recording(Configuration.create(jfc));
                    if (mode.equals("events-nostack")) {
                        Map<String, String> settings = new HashMap<>(r.getSettings());
                        settings.replaceAll((k, v) -> k.endsWith("#stackTrace") ? "false" : v);
                        r.setSettings(settings);
                    }
                    r.setToDisk(false);
                    r.start();
                    recording = r;
                }
            }
            case "monitor" ->
                monitor = CoroMonitor.builder(CoroScheduler.defaultScheduler()).start();
            default -> throw new IllegalArgumentException("mode " + mode);
        }
        Generator<Integer, Integer> g = Coro.generator(y -> {
            Integer in = y.yield(null);
            while (true) {
                in = y.yield(in * 2);
            }
        });
        g.send(null);
        doubler = g;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (doubler != null) {
            doubler.close();
        }
        if (recording != null) {
            recording.close();
        }
        if (monitor != null) {
            monitor.close();
        }
    }

    /** {@code await(Mono.just(i))} in a loop inside one coroutine; scored per await. */
    @Benchmark
    @OperationsPerInvocation(AWAITS)
    public long awaitJust() {
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
     * {@value #CONCURRENT} {@code Coro.mono}, each parked on a future the benchmark thread completes once all wait;
     * scored per coroutine (start, suspend, resume, end).
     */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @OperationsPerInvocation(CONCURRENT)
    public void coroMonoFuture() throws InterruptedException {
        CompletableFuture<?>[] futures = new CompletableFuture<?>[CONCURRENT];
        AtomicInteger subscribed = new AtomicInteger();
        InFlight all = new InFlight(CONCURRENT);
        for (int i = 0; i < CONCURRENT; i++) {
            CompletableFuture<Integer> future = new CompletableFuture<>();
            futures[i] = future;
            Mono<Integer> reply = Mono.fromFuture(future).doOnSubscribe(s -> subscribed.incrementAndGet());
            Coro.mono(() -> Objects.requireNonNull(await(reply)) + 1).subscribe(all.subscriber());
        }
        while (subscribed.get() < CONCURRENT) {
            Thread.yield();
        }
        for (int i = 0; i < CONCURRENT; i++) {
            complete(futures[i], i);
        }
        all.await();
    }

    /** {@value #SENDS} {@code Generator.send} round trips from a coroutine; scored per round trip (two suspensions). */
    @Benchmark
    @OperationsPerInvocation(SENDS)
    public long generatorSend() {
        Generator<Integer, Integer> g = Objects.requireNonNull(doubler);
        Long sum = Coro.mono(() -> {
                    long s = 0;
                    for (int i = 0; i < SENDS; i++) {
                        s += g.send(i);
                    }
                    return s;
                })
                .block();
        return Objects.requireNonNull(sum);
    }

    @SuppressWarnings("unchecked")
    private static void complete(CompletableFuture<?> future, int value) {
        ((CompletableFuture<Integer>) future).complete(value);
    }
}
