package dev.coro.sample.load;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import reactor.core.Disposable;

/**
 * The load client from the command line: sends N requests, prints a live progress line, then a summary with a
 * latency histogram.
 *
 * <pre>{@code
 * java -Dloader.main=dev.coro.sample.load.LoadClientMain -jar sample-webapp/target/sample-webapp-*.jar \
 *     --url=http://127.0.0.1:8080/api/coro/orders/1 --requests=10000 --concurrency=500
 * }</pre>
 *
 * <p>Options: {@code --url} (required), {@code --requests} (1000), {@code --concurrency} (0: all at once),
 * {@code --protocol} ({@code http1} or {@code h2c}), {@code --connections} (HTTP/1.1: the concurrency, else the
 * requests; h2c: 4), {@code --local-addresses} (HTTP/1.1: comma-separated addresses to connect from),
 * {@code --progress} (seconds between progress lines, 1), {@code --max-seconds} (cancel the run after that long,
 * 600). The last line, {@code RESULT key=value ...}, is for scripts.
 */
public final class LoadClientMain {

    private static final Set<String> OPTIONS = Set.of(
            "url", "requests", "concurrency", "protocol", "connections", "local-addresses", "progress", "max-seconds");

    private LoadClientMain() {}

    /**
     * Runs the client; see the class documentation for the options.
     *
     * @param args {@code --name=value} options
     * @throws Exception when the run cannot start, e.g. an unknown local address
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        var plan = new LoadPlan(
                URI.create(required(options, "url")),
                Integer.parseInt(options.getOrDefault("requests", "1000")),
                Integer.parseInt(options.getOrDefault("concurrency", "0")));
        String protocol = options.getOrDefault("protocol", "http1");
        Duration every = Duration.ofMillis((long) (Double.parseDouble(options.getOrDefault("progress", "1")) * 1000));
        Duration limit = Duration.ofSeconds(Long.parseLong(options.getOrDefault("max-seconds", "600")));
        PrintStream out = System.out;
        out.printf(
                "%s %,d requests to %s, %s, over %s%n",
                plan.concurrency() == LoadPlan.UNBOUNDED ? "sending all" : "sending",
                plan.requests(),
                plan.target(),
                plan.concurrency() == LoadPlan.UNBOUNDED ? "all at once" : "at most " + plan.concurrency() + " at once",
                protocol);

        try (LoadConnections connections = connections(protocol, plan, options)) {
            var stats = new LoadStats();
            var ended = new CountDownLatch(1);
            var failure = new AtomicReference<Throwable>();
            Disposable run = new LoadClient(connections.webClient())
                    .send(plan, stats)
                    .doOnError(failure::set)
                    .doFinally(signal -> ended.countDown())
                    .subscribe(ignored -> {}, ignored -> {});
            long deadline = System.nanoTime() + limit.toNanos();
            boolean cancelled = false;
            while (!ended.await(every.toMillis(), TimeUnit.MILLISECONDS)) {
                out.println(stats.snapshot().line());
                if (System.nanoTime() > deadline) {
                    out.println("--max-seconds=" + limit.toSeconds() + " reached: cancelling the run");
                    cancelled = true;
                    run.dispose();
                    ended.await(30, TimeUnit.SECONDS);
                    break;
                }
            }
            LoadSnapshot last = stats.snapshot();
            out.println(last.line());
            if (failure.get() != null) {
                out.println("the run failed: " + failure.get());
            }
            summary(out, last, stats);
            out.printf(
                    "RESULT requests=%d sent=%d done=%d errors=%d max_in_flight=%d ramp_up_ms=%d drain_ms=%d"
                            + " elapsed_ms=%d p50_ms=%.1f p99_ms=%.1f cancelled=%b%n",
                    plan.requests(),
                    last.sent(),
                    last.done(),
                    last.errors(),
                    last.maxInFlight(),
                    stats.rampUp().toMillis(),
                    stats.drain().toMillis(),
                    last.elapsed().toMillis(),
                    stats.histogram().getValueAtPercentile(50) / 1000.0,
                    stats.histogram().getValueAtPercentile(99) / 1000.0,
                    cancelled);
        }
    }

    private static LoadConnections connections(String protocol, LoadPlan plan, Map<String, String> options)
            throws UnknownHostException {
        return switch (protocol) {
            case "h2c" -> LoadConnections.h2c(Integer.parseInt(options.getOrDefault("connections", "4")));
            case "http1" -> {
                List<InetAddress> local = new ArrayList<>();
                for (String address :
                        options.getOrDefault("local-addresses", "").split(",")) {
                    if (!address.isBlank()) local.add(InetAddress.getByName(address.trim()));
                }
                yield LoadConnections.http11(
                        Integer.parseInt(options.getOrDefault("connections", Integer.toString(plan.permits()))), local);
            }
            default -> throw new IllegalArgumentException("--protocol must be http1 or h2c, not '" + protocol + "'");
        };
    }

    /** Counts, ramp-up and drain, then the latency histogram: one bar per slice of the latency range. */
    static void summary(PrintStream out, LoadSnapshot last, LoadStats stats) {
        Histogram latencies = stats.histogram();
        out.printf(
                "%nsummary: %,d sent, %,d answered, %,d errors, at most %,d in flight, %.1f s in all%n",
                last.sent(),
                last.done(),
                last.errors(),
                last.maxInFlight(),
                last.elapsed().toMillis() / 1000.0);
        out.printf(
                "ramp-up to the most in flight %.1f s, drain (first to last answer) %.1f s, %.0f answers/s%n",
                stats.rampUp().toMillis() / 1000.0,
                stats.drain().toMillis() / 1000.0,
                last.done() / Math.max(0.001, last.elapsed().toMillis() / 1000.0));
        if (last.errors() > 0) out.println("errors by cause: " + stats.errorCauses());
        if (latencies.getTotalCount() == 0) {
            out.println("no answers, no latencies");
            return;
        }
        out.printf(
                "latency ms: min %.1f  p50 %.1f  p90 %.1f  p99 %.1f  p99.9 %.1f  max %.1f%n",
                latencies.getMinValue() / 1000.0,
                latencies.getValueAtPercentile(50) / 1000.0,
                latencies.getValueAtPercentile(90) / 1000.0,
                latencies.getValueAtPercentile(99) / 1000.0,
                latencies.getValueAtPercentile(99.9) / 1000.0,
                latencies.getMaxValue() / 1000.0);
        int slices = 12;
        long min = latencies.getMinValue();
        long width = Math.max(1, (latencies.getMaxValue() - min) / slices + 1);
        long[] counts = new long[slices];
        for (HistogramIterationValue value : latencies.recordedValues()) {
            int slice = (int) Math.min(slices - 1, (value.getValueIteratedTo() - min) / width);
            counts[slice] += value.getCountAtValueIteratedTo();
        }
        long most = 1;
        for (long count : counts) most = Math.max(most, count);
        for (int i = 0; i < slices; i++) {
            out.printf(
                    "%9.1f – %9.1f ms | %-40s %,d%n",
                    (min + i * width) / 1000.0,
                    (min + (i + 1) * width) / 1000.0,
                    "#".repeat((int) (40 * counts[i] / most)),
                    counts[i]);
        }
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            int equals = arg.indexOf('=');
            String name = arg.startsWith("--") && equals > 2 ? arg.substring(2, equals) : null;
            if (name == null || !OPTIONS.contains(name)) {
                throw new IllegalArgumentException(
                        "unknown argument '" + arg + "': use --name=value with a name among " + OPTIONS);
            }
            options.put(name, arg.substring(equals + 1));
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException(
                    "--" + name + " is required, e.g. --url=http://127.0.0.1:8080/api/coro/orders/1");
        }
        return value;
    }
}
