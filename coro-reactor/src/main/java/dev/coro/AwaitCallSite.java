package dev.coro;

import org.jspecify.annotations.Nullable;

/**
 * Attached as a suppressed exception to an error rethrown by an await: its stack trace is the await's call site
 * inside the coroutine, which the publisher's own trace (captured on another thread) cannot show.
 */
final class AwaitCallSite extends RuntimeException {

    private static final long serialVersionUID = 1L;
    // Caps what one long-lived exception object (a shared constant, say) can accumulate when awaited many times.
    private static final int MAX_SITES = 8;

    private AwaitCallSite(String message) {
        super(message, null, false, true);
    }

    /** Throws {@code error} itself, unchecked, after recording where it was awaited. */
    static RuntimeException rethrow(Throwable error, @Nullable Coroutine coroutine) {
        String where = coroutine != null
                ? "Awaited in coroutine '" + coroutine.name + "'"
                : "Awaited on thread '" + Thread.currentThread().getName() + "'";
        if (countSites(error) < MAX_SITES) {
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
