package dev.coro.sample.lab;

import dev.coro.CoroScheduler;
import dev.coro.sample.load.LoadClient;
import dev.coro.sample.load.LoadConnections;
import dev.coro.sample.load.LoadPlan;
import dev.coro.sample.load.LoadSnapshot;
import dev.coro.sample.load.LoadStats;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.util.context.Context;

/**
 * Runs the load client against this app's own endpoints, one run at a time, and samples its progress four times a
 * second for the page.
 */
@Component
class LabRuns {

    static final Duration SAMPLE_EVERY = Duration.ofMillis(250);
    private static final Set<String> VARIANTS = Set.of("coro", "callback", "blocking");
    private static final long ORDER_ID = 1;

    private final LabProperties bounds;
    private final Environment environment;
    // The lab's client coroutines get a scheduler of their own: the console counts the server's handlers only.
    private final CoroScheduler clientScheduler =
            CoroScheduler.builder().namePrefix("lab-client-").build();
    private final AtomicLong numbers = new AtomicLong();
    private final AtomicReference<@Nullable Run> current = new AtomicReference<>();

    LabRuns(LabProperties bounds, Environment environment) {
        this.bounds = bounds;
        this.environment = environment;
    }

    /** A run under way or ended: its subscription and the points sampled so far. */
    final class Run {
        final long number;
        final LabRequest request;
        final LoadStats stats = new LoadStats();
        private final AtomicLong seq = new AtomicLong();
        private final List<LabProgress> points = new CopyOnWriteArrayList<>();
        volatile @Nullable LabProgress latest;
        volatile boolean cancelled;
        volatile @Nullable Disposable subscription;

        Run(long number, LabRequest request) {
            this.number = number;
            this.request = request;
        }

        synchronized LabProgress sample() {
            LoadSnapshot s = stats.snapshot();
            LabProgress point = new LabProgress(
                    number,
                    request.variant(),
                    request.endpoint(),
                    seq.incrementAndGet(),
                    s.elapsed().toMillis(),
                    s.sent(),
                    s.inFlight(),
                    s.done(),
                    s.errors(),
                    s.p50Millis(),
                    s.p99Millis(),
                    s.finished(),
                    cancelled,
                    stats.errorCauses());
            points.add(point);
            latest = point;
            return point;
        }

        /** The points sampled so far, from {@code from} on. */
        List<LabProgress> pointsFrom(int from) {
            return from >= points.size() ? List.of() : List.copyOf(points.subList(from, points.size()));
        }
    }

    /** Starts a run; 409 while another runs, 400 outside the bounds. */
    Run start(LabRequest request) {
        validate(request);
        var run = new Run(numbers.incrementAndGet(), request);
        Run previous = current.get();
        if (previous != null && (previous.latest == null || !previous.latest.finished())) {
            throw new ResponseStatusException(
                    HttpStatus.CONFLICT, "run " + previous.number + " is still going: wait for it or cancel it");
        }
        if (!current.compareAndSet(previous, run)) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "another run has just started");
        }
        var connections = LoadConnections.http11(request.concurrency(), List.of());
        run.sample();
        run.subscription = new LoadClient(connections.webClient())
                .send(new LoadPlan(target(request), request.requests(), request.concurrency()), run.stats)
                .contextWrite(Context.of(CoroScheduler.CONTEXT_KEY, clientScheduler))
                .subscribe(ignored -> {}, ignored -> {});
        // Sampled until the run has ended, cancelled or not; then its connections are closed.
        Flux.interval(SAMPLE_EVERY)
                .map(tick -> run.sample())
                .takeUntil(LabProgress::finished)
                .doFinally(signal -> connections.close())
                .subscribe();
        return run;
    }

    /** Cancels the current run: its requests are cancelled, and so are the server's handlers serving them. */
    @Nullable
    Run cancel() {
        Run run = current.get();
        if (run == null || (run.latest != null && run.latest.finished())) return null;
        run.cancelled = true;
        Disposable subscription = run.subscription;
        if (subscription != null) subscription.dispose();
        return run;
    }

    @Nullable
    Run current() {
        return current.get();
    }

    private URI target(LabRequest request) {
        String base = "http://127.0.0.1:" + environment.getRequiredProperty("local.server.port") + "/api/"
                + request.variant();
        return URI.create(
                request.endpoint().equals("delay")
                        ? base + "/delay?millis=" + request.delayMillis()
                        : base + "/orders/" + ORDER_ID);
    }

    private void validate(LabRequest request) {
        if (!VARIANTS.contains(request.variant())) {
            throw bad("variant must be one of " + VARIANTS + ", not '" + request.variant() + "'");
        }
        if (!request.endpoint().equals("orders") && !request.endpoint().equals("delay")) {
            throw bad("endpoint must be 'orders' or 'delay', not '" + request.endpoint() + "'");
        }
        if (request.requests() < 1 || request.requests() > bounds.maxRequests()) {
            throw bad("requests must be between 1 and " + bounds.maxRequests() + " (shop.lab.max-requests), not "
                    + request.requests());
        }
        if (request.concurrency() < 1 || request.concurrency() > bounds.maxConcurrency()) {
            throw bad("concurrency must be between 1 and " + bounds.maxConcurrency()
                    + " (shop.lab.max-concurrency), not " + request.concurrency());
        }
        if (request.endpoint().equals("delay")
                && (request.delayMillis() < 0
                        || request.delayMillis() > bounds.maxDelay().toMillis())) {
            throw bad("delayMillis must be between 0 and " + bounds.maxDelay().toMillis()
                    + " (shop.lab.max-delay), not " + request.delayMillis());
        }
    }

    private static ResponseStatusException bad(String reason) {
        return new ResponseStatusException(HttpStatus.BAD_REQUEST, reason);
    }
}
