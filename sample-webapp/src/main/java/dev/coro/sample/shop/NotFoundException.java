package dev.coro.sample.shop;

/** A resource named in the URL does not exist; the API answers 404. */
public final class NotFoundException extends RuntimeException {

    private final String resource;
    private final long id;

    /**
     * Creates the exception.
     *
     * @param resource what was looked up, e.g. {@code "order"}
     * @param id the id that was not found
     */
    public NotFoundException(String resource, long id) {
        super(resource + " " + id + " does not exist");
        this.resource = resource;
        this.id = id;
    }

    /**
     * Returns what was looked up.
     *
     * @return e.g. {@code "order"}
     */
    public String resource() {
        return resource;
    }

    /**
     * Returns the id that was not found.
     *
     * @return the id
     */
    public long id() {
        return id;
    }
}
