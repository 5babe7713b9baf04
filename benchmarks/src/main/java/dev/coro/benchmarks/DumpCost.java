package dev.coro.benchmarks;

import dev.coro.Coro;
import dev.coro.CoroScheduler;
import dev.coro.CoroutineGroup;
import java.util.Arrays;
import java.util.List;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.context.Context;

/**
 * What a coroutine dump costs with many parked coroutines (issue 14): the flat dump ({@code coroutines()}: a stack walk
 * per coroutine), the grouped one ({@code coroutineGroups()}: the same plus grouping), its text ({@code dump()}) and the
 * {@code coro.coroutines.suspended.oldest} gauge's read ({@code oldestSuspendedAge()}: no stack walk). A plain program:
 * each dump is one long operation, which JMH's single-shot mode would measure no better.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.coro.benchmarks.DumpCost [coroutines] [runs]}; half the coroutines park
 * at one line, half at another, so the grouped dump has two groups.
 */
public final class DumpCost {

    private DumpCost() {}

    /** Prints the median milliseconds of each read over {@code coroutines} parked coroutines. */
    public static void main(String[] args) throws InterruptedException {
        int coroutines = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        CoroScheduler scheduler = CoroScheduler.builder().namePrefix("dump-").build();
        Sinks.Empty<Void> gateA = Sinks.empty();
        Sinks.Empty<Void> gateB = Sinks.empty();
        Disposable[] parked = new Disposable[coroutines];
        for (int i = 0; i < coroutines; i++) {
            Mono<Object> body =
                    i % 2 == 0 ? Coro.mono(() -> siteA(gateA.asMono())) : Coro.mono(() -> siteB(gateB.asMono()));
            parked[i] = body.contextWrite(Context.of(CoroScheduler.CONTEXT_KEY, scheduler))
                    .subscribe();
        }
        while (scheduler.coroutineGroups().size() != 2) {
            Thread.sleep(50);
        }
        List<CoroutineGroup> groups = scheduler.coroutineGroups();
        long[] flat = new long[runs];
        long[] grouped = new long[runs];
        long[] text = new long[runs];
        long[] oldest = new long[runs];
        int textChars = 0;
        for (int warm = 0; warm < 3; warm++) {
            scheduler.coroutines();
            scheduler.coroutineGroups();
            textChars = scheduler.dump().length();
            for (int i = 0; i < 1000; i++) scheduler.oldestSuspendedAge();
        }
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            scheduler.coroutines();
            long t1 = System.nanoTime();
            scheduler.coroutineGroups();
            long t2 = System.nanoTime();
            scheduler.dump();
            long t3 = System.nanoTime();
            for (int i = 0; i < 100; i++) scheduler.oldestSuspendedAge();
            long t4 = System.nanoTime();
            flat[r] = t1 - t0;
            grouped[r] = t2 - t1;
            text[r] = t3 - t2;
            oldest[r] = (t4 - t3) / 100;
        }
        System.out.printf(
                "coroutines=%d groups=%s text=%d chars%n"
                        + "coroutines()        median %8.1f ms%n"
                        + "coroutineGroups()   median %8.1f ms%n"
                        + "dump()              median %8.1f ms%n"
                        + "oldestSuspendedAge  median %8.1f us%n",
                coroutines,
                groups.stream().map(g -> Integer.toString(g.count())).toList(),
                textChars,
                median(flat) / 1e6,
                median(grouped) / 1e6,
                median(text) / 1e6,
                median(oldest) / 1e3);
        gateA.tryEmitEmpty();
        gateB.tryEmitEmpty();
        for (Disposable d : parked) d.dispose();
    }

    private static Object siteA(Mono<Void> gate) {
        return String.valueOf(Coro.await(gate));
    }

    private static Object siteB(Mono<Void> gate) {
        return String.valueOf(Coro.await(gate));
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
