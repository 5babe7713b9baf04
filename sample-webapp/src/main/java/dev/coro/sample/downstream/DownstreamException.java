package dev.coro.sample.downstream;

/** A downstream service failed (an error status, or unreachable); the API answers 502. */
public class DownstreamException extends RuntimeException {

    private final String service;

    /**
     * Creates the exception.
     *
     * @param service which downstream service, e.g. {@code "shipping"}
     * @param message what went wrong
     * @param cause the WebClient's exception
     */
    public DownstreamException(String service, String message, Throwable cause) {
        super(service + " service " + message, cause);
        this.service = service;
    }

    /**
     * Returns the failing service.
     *
     * @return its name, e.g. {@code "loyalty"}
     */
    public String service() {
        return service;
    }
}
