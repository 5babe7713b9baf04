package dev.coro;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Finds coroutines that run on their carrier for longer than a threshold without a wait, by sampling: nothing on the
 * coroutine's path but the counter {@link Coroutine#resume} bumps.
 *
 * <p>Every quarter threshold, on a platform thread of its own (a virtual one would find no carrier when the hogs hold
 * them all), the watch walks the scheduler's live coroutines. One counts as hogging when, at every sample since it was
 * first seen so, it ran (neither queued nor suspended in a wait of ours), its thread was runnable and it had come back
 * from no wait; and when that has lasted the threshold. A coroutine blocked outside our waits (a socket,
 * {@code Thread.sleep}) is not runnable, and one runnable but not mounted (its carriers all taken) has a parked
 * continuation on top of its stack: neither counts.
 */
final class HoggingWatch implements AutoCloseable {

    private final CoroScheduler scheduler;
    private final long thresholdNanos;
    private final Consumer<CoroutineStall> report;
    private final @Nullable ScheduledExecutorService sampler;
    private final AtomicLong samples = new AtomicLong();
    // Both touched by the sampler's thread only.
    private Map<Coroutine, Running> running = new IdentityHashMap<>();
    private final Set<Coroutine> reported = Collections.newSetFromMap(new IdentityHashMap<>());

    /** Since when a coroutine has been seen running without coming back from a wait. */
    private record Running(int resumes, long since) {}

    HoggingWatch(CoroScheduler scheduler, Duration threshold, Consumer<CoroutineStall> report) {
        this(scheduler, threshold, report, true);
    }

    /** With {@code scheduled} false nobody samples but the caller: tests drive {@link #sample()} step by step. */
    HoggingWatch(CoroScheduler scheduler, Duration threshold, Consumer<CoroutineStall> report, boolean scheduled) {
        this.scheduler = scheduler;
        this.thresholdNanos = threshold.toNanos();
        this.report = report;
        if (scheduled) {
            ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "coro-monitor-sampler");
                t.setDaemon(true);
                return t;
            });
            long period = Math.max(1_000_000L, thresholdNanos / 4);
            s.scheduleWithFixedDelay(this::sample, period, period, TimeUnit.NANOSECONDS);
            this.sampler = s;
        } else {
            this.sampler = null;
        }
    }

    /** Samples taken so far: tests wait for samples, not for time. */
    long samples() {
        return samples.get();
    }

    void sample() {
        long now = System.nanoTime();
        Map<Coroutine, Running> next = new IdentityHashMap<>();
        for (Coroutine c : scheduler.live()) {
            Thread t = c.thread;
            if (t == null || !c.isRunning() || t.getState() != Thread.State.RUNNABLE) {
                continue;
            }
            int resumes = c.resumes();
            Running seen = running.get(c);
            if (seen == null || seen.resumes() != resumes) {
                seen = new Running(resumes, now);
            }
            if (now - seen.since() >= thresholdNanos && !reported.contains(c)) {
                List<StackTraceElement> stack = List.of(t.getStackTrace());
                if (!mounted(stack)) {
                    continue; // runnable, waiting for a carrier: it will be seen again from the start
                }
                reported.add(c);
                report.accept(new CoroutineStall(
                        CoroutineStall.Kind.HOGGING, c.name, Duration.ofNanos(now - seen.since()), null, stack));
            }
            next.put(c, seen);
        }
        running = next;
        reported.removeIf(c -> {
            Thread t = c.thread;
            return t == null || !t.isAlive();
        });
        samples.incrementAndGet();
    }

    /** A thread unmounted from its carrier shows the yield of its continuation on top of its stack. */
    private static boolean mounted(List<StackTraceElement> stack) {
        List<StackTraceElement> top = stack.subList(0, Math.min(4, stack.size()));
        List<String> classes = new ArrayList<>(top.size());
        for (StackTraceElement frame : top) {
            classes.add(frame.getClassName());
        }
        return !classes.contains("jdk.internal.vm.Continuation");
    }

    @Override
    public void close() {
        if (sampler != null) {
            sampler.shutdownNow();
        }
    }
}
