package dev.coro;

import java.util.concurrent.CancellationException;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;
import org.jspecify.annotations.Nullable;

/**
 * A coroutine's life as JDK Flight Recorder events: started, suspended (on what), resumed, ended. Each is
 * {@code @Enabled(false)}: a recording has them only when its settings enable them, as
 * {@code META-INF/coro-reactor/coroutines.jfc} does.
 *
 * <p>Disabled, a site costs one allocation that escape analysis removes and one read of the event class's enabled
 * state (measured: docs/benchmarks.md, "Debugging costs"). The awaited publisher is described only when the event is
 * enabled: {@link Coroutine#describe} walks Scannable attributes.
 *
 * <p>Every method is one call from its site in {@link Coroutine}, which {@link Suspension} drives: a wait reports
 * here through the seam, whichever operation it is.
 */
final class CoroutineEvents {

    /**
     * A runtime image built without the jdk.jfr module (jlink) has none of these classes: the sites then do nothing.
     * A static final, so that the JIT folds the check away.
     */
    private static final boolean JFR = ModuleLayer.boot().findModule("jdk.jfr").isPresent();

    private CoroutineEvents() {}

    /** On the thread that starts the coroutine: its stack trace shows who subscribed. */
    static void started(Coroutine coroutine) {
        if (JFR) {
            Started e = new Started();
            if (e.isEnabled()) {
                e.coroutine = coroutine.name;
                e.scheduler = coroutine.scheduler.namePrefix();
                e.commit();
            }
        }
    }

    static void suspended(Coroutine coroutine, Object what) {
        if (JFR) {
            Suspended e = new Suspended();
            if (e.isEnabled()) {
                e.coroutine = coroutine.name;
                e.awaiting = Coroutine.describe(what);
                e.commit();
            }
        }
    }

    static void resumed(Coroutine coroutine, long suspendedNanos) {
        if (JFR) {
            Resumed e = new Resumed();
            if (e.isEnabled()) {
                e.coroutine = coroutine.name;
                e.suspended = suspendedNanos;
                e.commit();
            }
        }
    }

    /** The outcome as {@link CoroScheduler} counts it. */
    static void ended(Coroutine coroutine, @Nullable Throwable error) {
        if (JFR) {
            Ended e = new Ended();
            if (e.isEnabled()) {
                e.coroutine = coroutine.name;
                e.outcome = coroutine.cancelled || error instanceof CancellationException
                        ? "cancelled"
                        : error != null ? "failed" : "completed";
                e.error = error == null ? null : error.getClass().getName();
                e.commit();
            }
        }
    }

    @Name("dev.coro.CoroutineStarted")
    @Label("Coroutine Started")
    @Category("coro-reactor")
    @Description("A coroutine was started; the stack trace is the starting thread's (the subscriber's)")
    @Enabled(false)
    @StackTrace(true)
    static final class Started extends Event {
        @Label("Coroutine")
        @Nullable
        String coroutine;

        @Label("Scheduler")
        @Description("The name prefix of the scheduler it runs on")
        @Nullable
        String scheduler;
    }

    @Name("dev.coro.CoroutineSuspended")
    @Label("Coroutine Suspended")
    @Category("coro-reactor")
    @Description("A coroutine parked in a wait: an await, a yield without demand, a channel, a mutex, a join, a sleep")
    @Enabled(false)
    @StackTrace(true)
    static final class Suspended extends Event {
        @Label("Coroutine")
        @Nullable
        String coroutine;

        @Label("Awaiting")
        @Description("What it waits for: the awaited publisher's name, or the operation")
        @Nullable
        String awaiting;
    }

    @Name("dev.coro.CoroutineResumed")
    @Label("Coroutine Resumed")
    @Category("coro-reactor")
    @Description("A suspended coroutine runs again")
    @Enabled(false)
    @StackTrace(false)
    static final class Resumed extends Event {
        @Label("Coroutine")
        @Nullable
        String coroutine;

        @Label("Suspended")
        @Description("How long it was suspended")
        @Timespan(Timespan.NANOSECONDS)
        long suspended;
    }

    @Name("dev.coro.CoroutineEnded")
    @Label("Coroutine Ended")
    @Category("coro-reactor")
    @Description("A coroutine's body returned, threw or was cancelled")
    @Enabled(false)
    @StackTrace(false)
    static final class Ended extends Event {
        @Label("Coroutine")
        @Nullable
        String coroutine;

        @Label("Outcome")
        @Description("completed, failed or cancelled")
        @Nullable
        String outcome;

        @Label("Error")
        @Description("The class of the exception the body ended with, if any")
        @Nullable
        String error;
    }
}
