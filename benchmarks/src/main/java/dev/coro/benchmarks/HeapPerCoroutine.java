package dev.coro.benchmarks;

import static dev.coro.Coro.await;

import dev.coro.Coro;
import dev.coro.CoroScheduler;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import javax.management.ObjectName;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Heap per suspended coroutine: parks {@code count} coroutines in an await that never completes and measures the heap
 * after full GCs, before and after. JMH measures time, not retained heap, hence a plain program.
 *
 * <p>Usage: {@code java -Xmx4g -cp benchmarks.jar dev.coro.benchmarks.HeapPerCoroutine [count] [never|sink|thread|kotlin]
 * [--histogram]}. {@code kotlin} parks Kotlin {@code mono {}} coroutines on {@code awaitSingle()} of
 * {@code Mono.never()}, the contender. {@code never} awaits {@code Mono.never()} (what the coroutine itself costs); {@code sink} gives each
 * coroutine a {@code Sinks.One} of its own, as each pending request has a pending reply of its own (coroutine plus
 * the sink); {@code thread} parks bare virtual threads with {@code LockSupport.park()}, the floor that the JDK sets.
 * {@code --histogram} prints, per class, the bytes per coroutine that the parked coroutines added (a diff of
 * two class histograms).
 */
public final class HeapPerCoroutine {

    private HeapPerCoroutine() {}

    /** Parks the coroutines, prints the bytes per coroutine (and optionally a class histogram), then cancels them. */
    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? parseCount(args[0]) : 1_000_000;
        String mode = args.length > 1 ? args[1] : "never";
        boolean histogram = args.length > 2 && args[2].equals("--histogram");
        if (!mode.equals("never") && !mode.equals("sink") && !mode.equals("thread") && !mode.equals("kotlin")) {
            throw new IllegalArgumentException(
                    "mode must be 'never', 'sink', 'thread' or 'kotlin', was '" + mode + "'");
        }
        CoroScheduler scheduler = CoroScheduler.defaultScheduler();
        // Everything the harness itself keeps is allocated before the first measurement.
        Disposable[] subscriptions = new Disposable[count];
        AtomicInteger entered = new AtomicInteger();
        Thread[] threads = mode.equals("thread") ? new Thread[count] : new Thread[0];
        warmUp(mode);

        long before = usedHeapAfterGc();
        Map<String, long[]> histogramBefore = histogram ? histogram() : Map.of();
        long startNanos = System.nanoTime();
        for (int i = 0; i < count; i++) {
            if (mode.equals("thread")) {
                threads[i] = Thread.ofVirtual().start(() -> {
                    entered.incrementAndGet();
                    parkUntilInterrupted();
                });
                continue;
            }
            Mono<Integer> never = mode.equals("sink") ? Sinks.<Integer>one().asMono() : Mono.never();
            subscriptions[i] =
                    mode.equals("kotlin") ? KotlinMonos.parked(never, entered) : parkedCoroutine(never, entered);
        }
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (entered.get() < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Only " + entered.get() + " of " + count + " coroutines started");
            }
            Thread.sleep(10);
        }
        long startedNanos = System.nanoTime() - startNanos;
        // The last ones entered their body: give them time to reach the park.
        Thread.sleep(1_000);
        long after = usedHeapAfterGc();
        if (!mode.equals("thread") && !mode.equals("kotlin") && scheduler.activeCount() < count) {
            throw new IllegalStateException(
                    "Expected " + count + " parked coroutines, " + scheduler.activeCount() + " are alive");
        }

        double perCoroutine = (double) (after - before) / count;
        System.out.printf(
                "coroutines=%d mode=%s heapBefore=%,d B heapAfter=%,d B delta=%,d B perCoroutine=%.0f B "
                        + "startAll=%d ms (%.2f us each) runtime=%s%n",
                count,
                mode,
                before,
                after,
                after - before,
                perCoroutine,
                TimeUnit.NANOSECONDS.toMillis(startedNanos),
                startedNanos / 1000.0 / count,
                Runtime.version());
        if (histogram) {
            printHistogramDiff(histogramBefore, histogram(), count);
        }

        for (Disposable d : subscriptions) {
            if (d != null) {
                d.dispose();
            }
        }
        for (Thread t : threads) {
            t.interrupt();
        }
        deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (scheduler.activeCount() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        System.out.printf("after cancel: alive=%d cancelled=%d%n", scheduler.activeCount(), scheduler.cancelledCount());
    }

    private static int parseCount(String arg) {
        try {
            int count = Integer.parseInt(arg.replace("_", ""));
            if (count > 0) {
                return count;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(
                "count must be a positive number of coroutines (1000000 by default), was '" + arg + "'");
    }

    /**
     * Runs the park and cancel paths until the JIT has compiled them: a coroutine that parks in interpreted frames
     * keeps a stack chunk twice as large as one parked in compiled code, which is not what a warm server sees.
     */
    private static void warmUp(String mode) throws InterruptedException {
        CoroScheduler scheduler = CoroScheduler.defaultScheduler();
        AtomicInteger warmUpEntered = new AtomicInteger();
        for (int round = 0; round < 5; round++) {
            Disposable[] ds = new Disposable[50_000];
            Thread[] ts = new Thread[ds.length];
            for (int i = 0; i < ds.length; i++) {
                if (mode.equals("thread")) {
                    ts[i] = Thread.ofVirtual().start(HeapPerCoroutine::parkUntilInterrupted);
                } else {
                    Mono<Integer> never =
                            mode.equals("sink") ? Sinks.<Integer>one().asMono() : Mono.never();
                    ds[i] = mode.equals("kotlin")
                            ? KotlinMonos.parked(never, warmUpEntered)
                            : parkedCoroutine(never, warmUpEntered);
                }
            }
            Thread.sleep(200);
            for (int i = 0; i < ds.length; i++) {
                if (ts[i] != null) {
                    ts[i].interrupt();
                    ts[i].join();
                } else {
                    ds[i].dispose();
                }
            }
            while (scheduler.activeCount() > 0) {
                Thread.sleep(10);
            }
        }
    }

    /**
     * The coroutine both the warm-up and the measurement start: the same body class, so that the measured coroutines do
     * not meet the JIT's code for another body. Before this, the body was a lambda of its own in each, and the first
     * measured ones parked in frames the JIT had just thrown away (interpreted, ~1.5 KB of stack chunk each): 0 to
     * 100 B per coroutine on average, varying from run to run.
     */
    private static Disposable parkedCoroutine(Mono<Integer> never, AtomicInteger entered) {
        return Coro.mono(() -> {
                    entered.incrementAndGet();
                    return await(never);
                })
                .subscribe();
    }

    private static void parkUntilInterrupted() {
        while (!Thread.currentThread().isInterrupted()) {
            LockSupport.park();
        }
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(200);
            used = Math.min(
                    used,
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    /**
     * Prints, per class, the instances and bytes that the parked coroutines added, divided by their number: where each
     * byte of a parked coroutine goes. From two {@code GC.class_histogram}s (each after a full GC), before and after.
     */
    private static void printHistogramDiff(Map<String, long[]> before, Map<String, long[]> after, int count) {
        List<Map.Entry<String, long[]>> rows = new ArrayList<>();
        long total = 0;
        for (Map.Entry<String, long[]> e : after.entrySet()) {
            long[] b = before.getOrDefault(e.getKey(), new long[2]);
            long[] d = {e.getValue()[0] - b[0], e.getValue()[1] - b[1]};
            if (Math.abs(d[1]) >= count / 10) {
                rows.add(Map.entry(e.getKey(), d));
                total += d[1];
            }
        }
        rows.sort((x, y) -> Long.compare(y.getValue()[1], x.getValue()[1]));
        System.out.printf("%-70s %14s %12s%n", "class (added while parked)", "instances/cor", "bytes/cor");
        for (Map.Entry<String, long[]> r : rows) {
            System.out.printf(
                    "%-70s %14.2f %12.1f%n",
                    r.getKey(), (double) r.getValue()[0] / count, (double) r.getValue()[1] / count);
        }
        System.out.printf("%-70s %14s %12.1f%n", "total of the rows above", "", (double) total / count);
    }

    private static Map<String, long[]> histogram() throws Exception {
        Object out = ManagementFactory.getPlatformMBeanServer()
                .invoke(
                        new ObjectName("com.sun.management:type=DiagnosticCommand"),
                        "gcClassHistogram",
                        new Object[] {new String[0]},
                        new String[] {String[].class.getName()});
        Map<String, long[]> byClass = new HashMap<>();
        for (String row : String.valueOf(out).split("\n")) {
            // " num:  #instances  #bytes  class name (module)"
            String[] cols = row.trim().split("\\s+");
            if (cols.length >= 4 && cols[0].endsWith(":")) {
                String name = cols[3] + (cols.length > 4 ? " " + cols[4] : "");
                byClass.merge(name, new long[] {Long.parseLong(cols[1]), Long.parseLong(cols[2])}, (a, b) ->
                        new long[] {a[0] + b[0], a[1] + b[1]});
            }
        }
        return byClass;
    }
}
