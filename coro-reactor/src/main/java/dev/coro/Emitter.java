package dev.coro;

/**
 * The output of a {@link Coro#flux(FluxBody) generator}.
 *
 * <p><b>Threading, cancellation, backpressure.</b> Call it only from the generator's own body (another thread gets an
 * {@link IllegalStateException}). {@link #yield(Object)} returns once the subscriber received the element; while the
 * subscriber has no outstanding demand it parks the coroutine (not a platform thread). After the subscriber cancelled,
 * {@code yield} throws {@link java.util.concurrent.CancellationException} so the body unwinds through its
 * {@code finally} blocks.
 *
 * <pre>{@code
 * Flux<Integer> squares = Coro.flux(out -> {
 *     for (int i = 1; i <= 10; i++) out.yield(i * i);
 * });
 * }</pre>
 *
 * @param <T> the type of the elements
 */
public interface Emitter<T> {

    /**
     * Delivers {@code value} to the subscriber, waiting for demand first when there is none.
     *
     * <p><b>Threading, cancellation, backpressure.</b> Call it on the generator's own thread; it calls
     * {@code onNext} right there and returns once {@code onNext} has returned. While the subscriber has no
     * outstanding demand it parks the coroutine, so the body never runs ahead of the subscriber and nothing is
     * buffered. After a cancel (or a rejected {@code request(n <= 0)}) it throws
     * {@link java.util.concurrent.CancellationException} instead of delivering: let it propagate so that
     * {@code finally} blocks run.
     *
     * <pre>{@code
     * Flux<String> lines = Coro.flux(out -> {
     *     try (Stream<String> file = Files.lines(path)) {
     *         file.forEach(out::yield); // parks whenever the subscriber's demand is used up
     *     }
     * });
     * }</pre>
     *
     * @param value the element; never {@code null} (Reactive Streams §2.13)
     * @throws NullPointerException when {@code value} is {@code null}; the {@code Flux} then fails with it
     * @throws java.util.concurrent.CancellationException when the subscriber cancelled
     */
    void yield(T value);
}
