package dev.coro;

import org.jspecify.annotations.Nullable;

/**
 * Attached as a suppressed exception to an error rethrown in a coroutine that did not raise it: by an await, a
 * {@code Fork.join}, or a {@code Coro.scope} rethrowing its fork's failure. Its stack trace is where the error was
 * rethrown (the await, the join, the line that opened the scope), which the error's own trace, captured on another
 * thread, cannot show.
 *
 * <p>On by default. {@code -Ddev.coro.callSites=false} turns every call site off, as kotlinx.coroutines'
 * {@code kotlinx.coroutines.stacktrace.recovery=false} turns off its stack-trace recovery: for an application whose
 * hot path fails on purpose (a cache miss as an exception) and pays a stack walk per failure for nothing.
 */
final class AwaitCallSite extends RuntimeException {

    private static final long serialVersionUID = 1L;
    // Caps what one long-lived exception object (a shared constant, say) can accumulate when awaited many times.
    private static final int MAX_SITES = 8;

    /** Read once; package-visible and not final so that a test can turn it off and back on. */
    static boolean enabled = !"false".equalsIgnoreCase(System.getProperty("dev.coro.callSites"));

    private AwaitCallSite(String message) {
        super(message, null, false, true);
    }

    /** Throws {@code error} itself, unchecked, after recording where it was awaited. */
    static RuntimeException rethrow(Throwable error, @Nullable Coroutine coroutine) {
        if (!enabled) {
            throw Sneaky.raise(error);
        }
        String where = coroutine != null
                ? "Awaited in coroutine '" + coroutine.name + "'"
                : "Awaited on thread '" + Thread.currentThread().getName() + "'";
        return rethrow(error, where);
    }

    /** Throws {@code error} itself, unchecked, after recording the call site described by {@code where}. */
    static RuntimeException rethrow(Throwable error, String where) {
        if (enabled && countSites(error) < MAX_SITES) {
            error.addSuppressed(new AwaitCallSite(where));
        }
        throw Sneaky.raise(error);
    }

    private static int countSites(Throwable error) {
        int n = 0;
        for (Throwable s : error.getSuppressed()) {
            if (s instanceof AwaitCallSite) {
                n++;
            }
        }
        return n;
    }
}
