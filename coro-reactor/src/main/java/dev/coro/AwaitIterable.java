package dev.coro;

/**
 * A publisher's elements as an {@link Iterable}, read from inside a coroutine with bounded prefetch; see
 * {@link Coro#each(org.reactivestreams.Publisher, int)}.
 *
 * <p><b>Threading, cancellation, backpressure.</b> The publisher is subscribed when {@link #iterator()} is first
 * called, with the coroutine's Reactor {@code Context}. It requests {@code prefetch} elements and requests more as the
 * loop consumes three quarters of them, so the publisher never runs more than {@code prefetch} elements ahead. While no
 * element is ready, {@code hasNext()} parks the coroutine. {@link #close()} cancels the subscription: use
 * try-with-resources so that {@code break}, {@code return} or an exception leaving the loop cancels the upstream at
 * once; without it the upstream is cancelled when the coroutine ends. An {@code onError} is thrown from
 * {@code hasNext()} as the same exception object.
 *
 * <pre>{@code
 * try (AwaitIterable<Row> rows = Coro.each(repository.findAll(), 64)) {
 *     for (Row row : rows) {
 *         if (row.isLast()) break;          // cancels the query
 *         process(row);
 *     }
 * }
 * }</pre>
 *
 * @param <T> the type of the elements
 */
public interface AwaitIterable<T> extends Iterable<T>, AutoCloseable {

    /**
     * Cancels the upstream subscription and drops the elements not read yet; idempotent.
     *
     * <p><b>Threading, cancellation, backpressure.</b> Call it on the coroutine that iterates (try-with-resources
     * does): the dropped elements go to Reactor's discard hook, and the iterable stops being tied to the coroutine's
     * end, so a long-lived coroutine may run any number of loops. No further element is requested; a loop still
     * running afterwards ends as if the publisher had completed, and late signals go to Reactor's dropped hooks.
     *
     * <pre>{@code
     * try (AwaitIterable<Event> events = Coro.each(bus.events(), 32)) {
     *     for (Event e : events) if (e.isShutdown()) break;
     * } // close(): the subscription to bus.events() is cancelled here
     * }</pre>
     */
    @Override
    void close();
}
