package dev.coro.conformance.kotlinx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * kotlinx.coroutines' {@code TestBase} ordering helper ({@code expect(n)}, {@code finish(n)}, {@code expectUnreached()}),
 * for the ported tests: each step must come in order, from whatever thread; a step out of order or an unreached
 * point reached is recorded and fails the test at {@link #finish(int)} even when it happened on another thread.
 */
final class Steps {

    private final AtomicInteger index = new AtomicInteger();
    private final Queue<String> errors = new ConcurrentLinkedQueue<>();

    void expect(int step) {
        int was = index.incrementAndGet();
        if (was != step) {
            errors.add("expected step " + step + " but it is step " + was);
        }
    }

    void expectUnreached() {
        errors.add("reached a point that must not be reached, after step " + index.get());
    }

    void finish(int step) {
        expect(step);
        assertThat(errors).as("ordering errors").isEmpty();
    }

    int current() {
        return index.get();
    }

    /** Waits until step {@code step} has been reached, on whatever thread: the order Kotlin's dispatcher gives. */
    void waitFor(int step) {
        waitUntil("step " + step, () -> index.get() >= step);
    }

    /** Waits (parking between looks) until {@code condition} holds; fails after 10 s. */
    static void waitUntil(String what, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within 10 s");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(100_000);
        }
    }
}
