package dev.coro;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A coroutine that held its carrier thread, as {@link CoroMonitor} reports it: pinned while blocked, or running too
 * long without a wait.
 *
 * <p>Each coroutine is reported at most once per kind; the stack is the coroutine's when the stall was seen.
 *
 * <pre>{@code
 * CoroMonitor.builder(scheduler)
 *         .listener(stall -> log.warn(stall.describe()))
 *         .start();
 * }</pre>
 *
 * @param kind what the coroutine did
 * @param coroutine the coroutine's name, also its thread's name
 * @param duration how long it was pinned, or for at least how long it had run without a wait
 * @param reason why the JDK pinned the thread (JDK 24+, as {@code jdk.VirtualThreadPinned} gives it), else {@code null}
 * @param stackTrace the coroutine's stack, innermost frame first
 */
public record CoroutineStall(
        Kind kind,
        String coroutine,
        Duration duration,
        @Nullable String reason,
        List<StackTraceElement> stackTrace) {

    /** What a stalled coroutine did to its carrier. */
    public enum Kind {
        /**
         * It blocked while pinned to its carrier (a native frame or a class initializer on its stack; on JDK 21–23
         * also {@code synchronized}), longer than the pinning threshold: the carrier could run nothing else.
         *
         * <pre>{@code
         * if (stall.kind() == CoroutineStall.Kind.PINNED) alert(stall.coroutine());
         * }</pre>
         */
        PINNED,
        /**
         * It ran on its carrier longer than the hogging threshold without reaching a wait (a CPU loop, or awaits of
         * values already there): the carrier could run nothing else.
         *
         * <pre>{@code
         * if (stall.kind() == CoroutineStall.Kind.HOGGING) alert(stall.coroutine());
         * }</pre>
         */
        HOGGING
    }

    /**
     * Returns a text for a log: what happened, to which coroutine, for how long, and the stack.
     *
     * <pre>{@code
     * log.warn(stall.describe());
     * }</pre>
     *
     * @return a multi-line text, one stack frame a line
     */
    public String describe() {
        StringBuilder text = new StringBuilder("Coroutine '").append(coroutine).append('\'');
        if (kind == Kind.PINNED) {
            text.append(" blocked its carrier thread for ")
                    .append(duration.toMillis())
                    .append(" ms while pinned");
            if (reason != null) {
                text.append(" (").append(reason).append(')');
            }
            text.append(": no other coroutine could run on that carrier. Move the blocking call out of the native "
                    + "frame or class initializer (or, on JDK 21-23, out of the synchronized block; "
                    + "a java.util.concurrent lock does not pin)");
        } else {
            text.append(" has run on its carrier thread for ")
                    .append(duration.toMillis())
                    .append(" ms without a wait: no other coroutine can run on that carrier. Move CPU-bound work to "
                            + "a bounded pool (Mono.fromCallable(...).subscribeOn(Schedulers.boundedElastic())) and "
                            + "await it");
        }
        for (StackTraceElement frame : stackTrace) {
            text.append("\n\tat ").append(frame);
        }
        return text.toString();
    }
}
