package dev.coro.conformance.kotlinx;

import java.time.Duration;

/** Kotlin's {@code Long.MAX_VALUE} milliseconds and {@code Duration.INFINITE}, as a Java {@link Duration}. */
final class TimeoutTimes {

    /** {@code Long.MAX_VALUE} ms: what Kotlin's tests pass for "never". */
    static final Duration FOREVER = Duration.ofMillis(Long.MAX_VALUE);

    private TimeoutTimes() {}
}
