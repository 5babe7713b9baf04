package dev.coro;

import org.jspecify.annotations.Nullable;

/**
 * The body of a coroutine built by {@link Coro#mono(CoroutineBody)}: ordinary code that may call
 * {@link Coro#await(reactor.core.publisher.Mono)} and returns the value the {@code Mono} emits.
 *
 * <p><b>Threading, cancellation, backpressure.</b> The body runs on the coroutine's own thread; it may block, loop,
 * use {@code try/finally} and throw checked exceptions, which reach the subscriber as {@code onError}. When the
 * subscriber cancels, the body sees a {@link java.util.concurrent.CancellationException} at its current await (or an
 * {@link InterruptedException} in blocking code) and its {@code finally} blocks run. A {@code Mono} carries one value,
 * so there is no backpressure to handle here.
 *
 * <pre>{@code
 * CoroutineBody<OrderView> body = () -> {
 *     Order order = Coro.await(orders.findById(id));
 *     return new OrderView(order, Coro.await(customers.fetch(order.customerId())));
 * };
 * }</pre>
 *
 * @param <T> the type of the value the body returns
 */
@FunctionalInterface
public interface CoroutineBody<T> {

    /**
     * Runs the body once, for one subscription, and returns the value to emit.
     *
     * <p><b>Threading, cancellation, backpressure.</b> Called on the coroutine's own virtual thread, with
     * {@link Coro#context()} set to the subscriber's Context; awaits inside park only this coroutine. When the
     * subscriber cancels, the current await throws {@link java.util.concurrent.CancellationException} (blocking code
     * sees an {@link InterruptedException}); whatever the body then returns or throws is dropped, never emitted. The
     * value is held until the subscriber requests it.
     *
     * <pre>{@code
     * CoroutineBody<String> greeting = () -> "Hello, " + Coro.await(users.findName(id));
     * Mono<String> mono = Coro.mono(greeting);
     * }</pre>
     *
     * @return the value to emit, or {@code null} to complete empty
     * @throws Exception any failure, delivered to the subscriber as {@code onError}
     */
    @Nullable
    T call() throws Exception;
}
