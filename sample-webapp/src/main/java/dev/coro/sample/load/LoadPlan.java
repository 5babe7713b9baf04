package dev.coro.sample.load;

import java.net.URI;
import java.util.Objects;

/**
 * What a {@link LoadClient} run sends: {@code requests} GETs of {@code target}, at most {@code concurrency} at once.
 *
 * @param target the URL every request gets
 * @param requests how many requests to send, at least 1
 * @param concurrency the most requests in flight at once; {@link #UNBOUNDED} sends them all at once
 */
public record LoadPlan(URI target, int requests, int concurrency) {

    /** No bound: every request is sent at once. */
    public static final int UNBOUNDED = 0;

    /** Rejects plans that cannot run. */
    public LoadPlan {
        Objects.requireNonNull(target, "a load plan needs a target URL, e.g. http://127.0.0.1:8080/api/coro/orders/1");
        if (requests < 1) {
            throw new IllegalArgumentException("a load plan sends at least 1 request, not " + requests);
        }
        if (concurrency < 0) {
            throw new IllegalArgumentException("concurrency must be positive, or 0 (LoadPlan.UNBOUNDED) to send all "
                    + requests + " requests at once; was " + concurrency);
        }
    }

    /** The most requests this plan keeps in flight at once. */
    int permits() {
        return concurrency == UNBOUNDED ? requests : Math.min(concurrency, requests);
    }
}
