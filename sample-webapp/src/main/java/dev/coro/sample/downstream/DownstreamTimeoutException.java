package dev.coro.sample.downstream;

import java.time.Duration;

/** A downstream service did not answer within {@code shop.downstream.timeout}; the API answers 504. */
public final class DownstreamTimeoutException extends DownstreamException {

    private final Duration timeout;

    /**
     * Creates the exception.
     *
     * @param service which downstream service
     * @param timeout the limit it exceeded
     * @param cause Reactor's timeout exception
     */
    public DownstreamTimeoutException(String service, Duration timeout, Throwable cause) {
        super(service, "did not answer within " + timeout.toMillis() + " ms", cause);
        this.timeout = timeout;
    }

    /**
     * Returns the limit that was exceeded.
     *
     * @return the configured timeout
     */
    public Duration timeout() {
        return timeout;
    }
}
