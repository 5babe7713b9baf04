package dev.coro.sample.load;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The live counters and latencies of one load run, updated by its requests and read by whoever shows progress.
 *
 * <p><b>Threading.</b> Requests record from any thread without locks (HdrHistogram's {@link Recorder}); {@link
 * #snapshot()} and {@link #histogram()} may be called from any thread at any time.
 *
 * <pre>{@code
 * LoadStats stats = new LoadStats();
 * client.send(plan, stats).subscribe();
 * System.out.println(stats.snapshot().line());
 * }</pre>
 */
public final class LoadStats {

    private static final long MAX_LATENCY_MICROS = TimeUnit.HOURS.toMicros(1);

    private final long startNanos = System.nanoTime();
    private final LongAdder sent = new LongAdder();
    private final LongAdder done = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicLong maxInFlight = new AtomicLong();
    private final Recorder latencies = new Recorder(MAX_LATENCY_MICROS, 3);
    private final Histogram total = new Histogram(MAX_LATENCY_MICROS, 3);
    private final Map<String, LongAdder> errorCauses = new ConcurrentHashMap<>();
    private final AtomicLong firstEndNanos = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong lastEndNanos = new AtomicLong(Long.MIN_VALUE);
    private volatile long peakNanos;
    private volatile boolean finished;
    private volatile long finishedNanos;

    long started() {
        sent.increment();
        long now = inFlight.incrementAndGet();
        for (long max = maxInFlight.get(); now > max; max = maxInFlight.get()) {
            if (maxInFlight.compareAndSet(max, now)) {
                peakNanos = System.nanoTime();
                break;
            }
        }
        return System.nanoTime();
    }

    void answered(long startedNanos) {
        long end = ended();
        latencies.recordValue(Math.min(MAX_LATENCY_MICROS, (end - startedNanos) / 1000));
        done.increment();
        inFlight.decrementAndGet();
    }

    void failed(String cause) {
        ended();
        errorCauses.computeIfAbsent(cause, key -> new LongAdder()).increment();
        errors.increment();
        inFlight.decrementAndGet();
    }

    /**
     * Counts the failed requests by cause: an error status ({@code HTTP 503}) or the exception's type.
     *
     * @return failures per cause, most frequent first
     */
    public Map<String, Long> errorCauses() {
        var counts = new LinkedHashMap<String, Long>();
        errorCauses.entrySet().stream()
                .sorted((a, b) -> Long.compare(b.getValue().sum(), a.getValue().sum()))
                .forEach(e -> counts.put(e.getKey(), e.getValue().sum()));
        return counts;
    }

    private long ended() {
        long now = System.nanoTime();
        firstEndNanos.accumulateAndGet(now, Math::min);
        lastEndNanos.accumulateAndGet(now, Math::max);
        return now;
    }

    void cancelled() {
        inFlight.decrementAndGet();
    }

    void finish() {
        finishedNanos = System.nanoTime();
        finished = true;
    }

    /**
     * Reads the counters, and the latency percentiles of the answers since the previous snapshot.
     *
     * @return the progress now
     */
    public synchronized LoadSnapshot snapshot() {
        boolean ended = finished;
        Histogram interval = latencies.getIntervalHistogram();
        total.add(interval);
        long end = ended ? finishedNanos : System.nanoTime();
        return new LoadSnapshot(
                Duration.ofNanos(end - startNanos),
                sent.sum(),
                inFlight.get(),
                done.sum(),
                errors.sum(),
                maxInFlight.get(),
                millis(interval, 50),
                millis(interval, 99),
                ended);
    }

    /**
     * How long the run took to reach its most requests in flight at once, counted from its start: the ramp-up.
     *
     * @return the ramp-up time, zero before the first request
     */
    public Duration rampUp() {
        long peak = peakNanos;
        return peak == 0 ? Duration.ZERO : Duration.ofNanos(peak - startNanos);
    }

    /**
     * How long the answers took to arrive, from the first one to the last one: the drain.
     *
     * @return the drain time, zero before the first answer
     */
    public Duration drain() {
        long first = firstEndNanos.get();
        long last = lastEndNanos.get();
        return first > last ? Duration.ZERO : Duration.ofNanos(last - first);
    }

    /**
     * Returns a copy of the latencies of every answer read by {@link #snapshot()} so far, in microseconds: take a
     * snapshot first to include the latest answers.
     *
     * @return the latency histogram, in microseconds
     */
    public synchronized Histogram histogram() {
        return total.copy();
    }

    private static double millis(Histogram histogram, double percentile) {
        return histogram.getTotalCount() == 0 ? 0 : histogram.getValueAtPercentile(percentile) / 1000.0;
    }
}
