package dev.coro;

import io.micrometer.context.ContextSnapshotFactory;
import org.jspecify.annotations.Nullable;
import reactor.util.context.Context;

/**
 * Restores ThreadLocals (MDC, tracing) from the Reactor Context for a coroutine body, when Micrometer's
 * context-propagation is on the classpath; a no-op otherwise.
 */
final class ThreadLocalContext {

    private static final boolean PRESENT = isPresent();

    private ThreadLocalContext() {}

    /** Returns a scope to close on the same thread once the body is done, or {@code null} when there is none. */
    static @Nullable AutoCloseable restore(Context context) {
        if (!PRESENT || context.isEmpty()) {
            return null;
        }
        return Factory.INSTANCE.setThreadLocalsFrom(context);
    }

    private static boolean isPresent() {
        try {
            Class.forName(
                    "io.micrometer.context.ContextSnapshotFactory", false, ThreadLocalContext.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    // A holder, so that the optional classes load only when present.
    private static final class Factory {
        static final ContextSnapshotFactory INSTANCE =
                ContextSnapshotFactory.builder().build();
    }
}
