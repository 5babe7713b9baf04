package dev.coro;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingStream;
import org.jspecify.annotations.Nullable;

/**
 * Streams the JDK's {@code jdk.VirtualThreadPinned} events (a virtual thread that blocked while pinned to its carrier
 * for longer than a threshold) and reports those of coroutines, once per coroutine.
 *
 * <p>The JDK raises the event when the pinned thread's wait ends; JFR streaming delivers it within about a second, on
 * its own platform thread, so a coroutine may have ended by then. It is known as a coroutine of the scheduler while it
 * lives, and afterwards by its name's prefix: a coroutine given a name of its own that ends within that second is
 * missed.
 */
final class PinningWatch implements AutoCloseable {

    static final String PINNED = "jdk.VirtualThreadPinned";
    // Thread ids are never reused: a bounded memory of the reported ones is enough to report each coroutine once.
    private static final int REMEMBERED = 4096;

    private final CoroScheduler scheduler;
    private final Consumer<CoroutineStall> report;
    private final RecordingStream stream;
    // Only the stream's thread touches it.
    private final Map<Long, Boolean> reported = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    };

    /**
     * Starts the stream. Throws when JFR cannot record in this JVM (a runtime image without jdk.jfr, a JVM started
     * with {@code -XX:-FlightRecorder}).
     */
    PinningWatch(CoroScheduler scheduler, Duration threshold, Consumer<CoroutineStall> report) {
        this.scheduler = scheduler;
        this.report = report;
        RecordingStream s = new RecordingStream();
        try {
            s.enable(PINNED).withThreshold(threshold).withStackTrace();
            // Only this event is on, and rarely: keep a minute of it on disk, not the whole run.
            s.setMaxAge(Duration.ofMinutes(1));
            s.onEvent(PINNED, this::pinned);
            s.startAsync();
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
        this.stream = s;
    }

    private void pinned(RecordedEvent event) {
        RecordedThread thread = event.getThread();
        if (thread == null || !thread.isVirtual()) {
            return;
        }
        long id = thread.getJavaThreadId();
        String name = coroutineName(id, thread.getJavaName());
        if (name == null || reported.putIfAbsent(id, Boolean.TRUE) != null) {
            return;
        }
        String reason = event.hasField("pinnedReason") ? event.getString("pinnedReason") : null;
        report.accept(new CoroutineStall(
                CoroutineStall.Kind.PINNED, name, event.getDuration(), reason, stack(event.getStackTrace())));
    }

    private @Nullable String coroutineName(long threadId, @Nullable String threadName) {
        for (Coroutine c : scheduler.live()) {
            Thread t = c.thread;
            if (t != null && t.threadId() == threadId) {
                return c.name;
            }
        }
        return threadName != null && threadName.startsWith(scheduler.namePrefix()) ? threadName : null;
    }

    private static List<StackTraceElement> stack(@Nullable RecordedStackTrace trace) {
        if (trace == null) {
            return List.of();
        }
        List<StackTraceElement> frames = new ArrayList<>(trace.getFrames().size());
        for (RecordedFrame f : trace.getFrames()) {
            if (f.isJavaFrame()) {
                String type = f.getMethod().getType().getName();
                frames.add(new StackTraceElement(type, f.getMethod().getName(), sourceFile(type), f.getLineNumber()));
            }
        }
        return List.copyOf(frames);
    }

    /**
     * JFR records no source file: the top-level class's name is the usual one (a Kotlin file is the exception), and
     * without a file name a stack trace line shows no line number either.
     */
    private static String sourceFile(String typeName) {
        int nested = typeName.indexOf('$'); // before the last dot: a lambda's hidden class name has dots after it
        String outer = nested > 0 ? typeName.substring(0, nested) : typeName;
        return outer.substring(outer.lastIndexOf('.') + 1) + ".java";
    }

    @Override
    public void close() {
        stream.close();
    }
}
