package dev.coro;

/**
 * The body of a generator built by {@link Coro#flux(FluxBody)}: a loop that hands elements to an {@link Emitter}.
 *
 * <p><b>Threading, cancellation, backpressure.</b> The body runs on the coroutine's own thread, started by the first
 * request. {@link Emitter#yield(Object)} delivers each element on that thread and parks while the subscriber has no
 * outstanding demand, so the body never runs ahead of the subscriber. When the subscriber cancels, the next
 * {@code yield} or await throws {@link java.util.concurrent.CancellationException} and {@code finally} blocks run.
 * Returning completes the {@code Flux}; throwing (checked exceptions included) fails it.
 *
 * <pre>{@code
 * FluxBody<Row> rows = out -> {
 *     for (Page page = await(repo.first()); page != null; page = await(repo.after(page))) {
 *         for (Row row : page.rows()) out.yield(row);
 *     }
 * };
 * }</pre>
 *
 * @param <T> the type of the elements
 */
@FunctionalInterface
public interface FluxBody<T> {

    /**
     * Runs the generator once, for one subscription, handing every element to {@code out}.
     *
     * <p><b>Threading, cancellation, backpressure.</b> Called on the coroutine's own virtual thread at the first
     * request, with {@link Coro#context()} set to the subscriber's Context. Each {@code out.yield} parks while there
     * is no demand. After a cancel, the next {@code yield} or await throws
     * {@link java.util.concurrent.CancellationException}; whatever the body then returns or throws is dropped, never
     * signalled. Returning completes the Flux.
     *
     * <pre>{@code
     * FluxBody<Integer> countdown = out -> {
     *     for (int i = 3; i > 0; i--) out.yield(i);
     * };
     * Flux<Integer> flux = Coro.flux(countdown);
     * }</pre>
     *
     * @param out where the elements go, in order
     * @throws Exception any failure, delivered to the subscriber as {@code onError}
     */
    void generate(Emitter<T> out) throws Exception;
}
