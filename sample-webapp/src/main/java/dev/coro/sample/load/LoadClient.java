package dev.coro.sample.load;

import static dev.coro.Coro.await;

import dev.coro.Coro;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Mono;

/**
 * A load generator as straight-line code: a loop forks one coroutine per request, and a semaphore bounds how many are
 * in flight.
 *
 * <p><b>Threading, cancellation, backpressure.</b> {@link #send} returns a cold {@code Mono}: each subscription runs
 * the whole plan on coroutines (virtual threads) and completes when every request has ended. A failed request
 * (error status, refused connection, timeout) is counted in {@link LoadStats} and does not stop the run. Cancelling
 * the subscription cancels every request in flight, which closes their HTTP streams or connections.
 *
 * <pre>{@code
 * var client = new LoadClient(WebClient.create());
 * var stats = new LoadStats();
 * client.send(new LoadPlan(URI.create("http://127.0.0.1:8080/api/coro/orders/1"), 10_000, 500), stats).block();
 * System.out.println(stats.snapshot().line());
 * }</pre>
 */
public final class LoadClient {

    private final WebClient web;

    /**
     * Creates a client that sends its requests with {@code web}; size its connection pool for the plan's
     * concurrency (see {@link LoadConnections}).
     *
     * @param web the HTTP client
     */
    public LoadClient(WebClient web) {
        this.web = Objects.requireNonNull(web, "a LoadClient needs a WebClient");
    }

    /**
     * Sends the plan's requests and counts their outcomes in {@code stats}.
     *
     * <p><b>Threading, cancellation, backpressure.</b> See the class documentation; {@code stats} is updated live.
     *
     * <pre>{@code
     * Mono<LoadStats> run = client.send(new LoadPlan(target, 100_000, LoadPlan.UNBOUNDED), stats);
     * }</pre>
     *
     * @param plan what to send
     * @param stats where the outcomes are counted, readable while the run goes on
     * @return the run; it emits {@code stats} once every request has ended
     */
    public Mono<LoadStats> send(LoadPlan plan, LoadStats stats) {
        return Coro.mono("load", () -> {
            var inFlight = Coro.semaphore(plan.permits());
            try {
                Coro.scope(scope -> {
                    for (int i = 0; i < plan.requests(); i++) {
                        inFlight.acquire(); // parks while `concurrency` requests are in flight
                        scope.fork(() -> {
                            try {
                                request(plan.target(), stats);
                            } finally {
                                inFlight.release();
                            }
                            return null;
                        });
                    }
                    return null; // the scope returns once every fork has ended
                });
            } finally {
                stats.finish();
            }
            return stats;
        });
    }

    private void request(URI target, LoadStats stats) {
        long started = stats.started();
        try {
            await(web.get().uri(target).retrieve().toBodilessEntity());
            stats.answered(started);
        } catch (CancellationException cancelled) { // the run was cancelled: not a failed request
            stats.cancelled();
            throw cancelled;
        } catch (Exception failed) { // error status, refused connection, timeout: counted, the run goes on
            stats.failed(cause(failed));
        }
    }

    private static String cause(Exception failed) {
        if (failed instanceof WebClientResponseException status)
            return "HTTP " + status.getStatusCode().value();
        Throwable root =
                failed instanceof WebClientRequestException && failed.getCause() != null ? failed.getCause() : failed;
        return root.getClass().getSimpleName();
    }
}
