package dev.coro.benchmarks;

import dev.coro.Coro;
import dev.coro.Mutex;
import dev.coro.Permit;
import java.util.Arrays;
import reactor.core.publisher.BaseSubscriber;

/**
 * What cancelling queued mutex waiters costs, newest-first against oldest-first (issue 9, defect 7): with a queue that
 * is searched, cancelling the newest of n waiters walks past the n - 1 older ones, so newest-first costs O(n^2) in
 * all; with an intrusive queue both orders cost O(n). A plain program: each run is one long operation, which JMH's
 * single-shot mode would measure no better.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.coro.benchmarks.PermitCancelCost [waiters] [runs]}.
 */
public final class PermitCancelCost {

    private PermitCancelCost() {}

    /** Prints the median milliseconds to cancel {@code waiters} queued waiters in each order. */
    public static void main(String[] args) {
        int waiters = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        long[] newestFirst = new long[runs];
        long[] oldestFirst = new long[runs];
        for (int warm = 0; warm < 2; warm++) {
            run(waiters, true);
            run(waiters, false);
        }
        for (int r = 0; r < runs; r++) {
            newestFirst[r] = run(waiters, true);
            oldestFirst[r] = run(waiters, false);
        }
        System.out.printf(
                "waiters=%d newest-first median %.1f ms, oldest-first median %.1f ms, ratio %.2f%n",
                waiters,
                median(newestFirst) / 1e6,
                median(oldestFirst) / 1e6,
                (double) median(newestFirst) / median(oldestFirst));
    }

    private static long run(int waiters, boolean newestFirst) {
        Mutex mutex = Coro.mutex();
        if (!mutex.tryLock()) {
            throw new IllegalStateException("a fresh mutex is locked");
        }
        @SuppressWarnings("unchecked")
        BaseSubscriber<Permit>[] queued = new BaseSubscriber[waiters];
        for (int i = 0; i < waiters; i++) {
            BaseSubscriber<Permit> s = new BaseSubscriber<>() {};
            mutex.permit().subscribe(s);
            queued[i] = s;
        }
        long start = System.nanoTime();
        if (newestFirst) {
            for (int i = waiters - 1; i >= 0; i--) {
                queued[i].dispose();
            }
        } else {
            for (int i = 0; i < waiters; i++) {
                queued[i].dispose();
            }
        }
        long elapsed = System.nanoTime() - start;
        // Every waiter is gone: the unlock finds nobody to hand the lock to.
        mutex.unlock();
        if (mutex.isLocked()) {
            throw new IllegalStateException("a cancelled waiter got the lock: " + mutex);
        }
        return elapsed;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
