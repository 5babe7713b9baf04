package dev.coro.conformance.kotlinx;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How many waiters a {@code Mutex} or {@code Semaphore} has queued, read from its public {@code toString()}
 * ({@code "...queued=N]"}): the ports wait for a waiter to be queued where Kotlin's single thread knows it is.
 */
final class Queued {

    private static final Pattern QUEUED = Pattern.compile("queued=(\\d+)");

    private Queued() {}

    static int of(Object mutexOrSemaphore) {
        Matcher m = QUEUED.matcher(mutexOrSemaphore.toString());
        if (!m.find()) {
            throw new IllegalArgumentException("no queue length in " + mutexOrSemaphore);
        }
        return Integer.parseInt(m.group(1));
    }

    /** Waits until exactly {@code n} waiters are queued; fails after 10 s. */
    static void waitFor(Object mutexOrSemaphore, int n) {
        Steps.waitUntil(n + " queued on " + mutexOrSemaphore, () -> of(mutexOrSemaphore) == n);
    }
}
