package dev.coro.sample.shop;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * Counts open order streams and records how each one ended, so that a client disconnect is visible (metric
 * {@code shop.order.streams.active}) and testable.
 */
@Component
public class OrderStreamMonitor {

    /** How a stream ended. */
    public enum Outcome {
        /** The stream reached its end. */
        COMPLETED,
        /** The client went away (or cancelled) before the end. */
        CANCELLED,
        /** The stream failed. */
        FAILED
    }

    /**
     * One finished stream.
     *
     * @param variant which API variant served it
     * @param outcome how it ended
     */
    public record Ended(String variant, Outcome outcome) {}

    private final AtomicInteger active = new AtomicInteger();
    private final List<Ended> ended = new CopyOnWriteArrayList<>();

    OrderStreamMonitor(MeterRegistry registry) {
        Gauge.builder("shop.order.streams.active", active, AtomicInteger::get)
                .description("Order streams currently open")
                .register(registry);
    }

    /**
     * Records that a stream started.
     *
     * @param variant the API variant serving it
     */
    public void opened(String variant) {
        active.incrementAndGet();
    }

    /**
     * Records that a stream ended; called from the stream's {@code finally} (or {@code doFinally}).
     *
     * @param variant the API variant that served it
     * @param outcome how it ended
     */
    public void closed(String variant, Outcome outcome) {
        ended.add(new Ended(variant, outcome));
        active.decrementAndGet();
    }

    /**
     * Returns how many streams are open now.
     *
     * @return open streams
     */
    public int active() {
        return active.get();
    }

    /**
     * Returns every stream that ended since start, oldest first.
     *
     * @return a snapshot
     */
    public List<Ended> ended() {
        return List.copyOf(ended);
    }
}
