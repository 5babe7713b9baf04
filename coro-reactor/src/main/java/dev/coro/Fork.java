package dev.coro;

import org.jspecify.annotations.Nullable;

/**
 * A coroutine forked in a {@link CoroScope}: {@link #join()} waits for its result.
 *
 * <p><b>Threading, cancellation, backpressure.</b> Any coroutine or thread may join, any number of times; joining
 * suspends a coroutine and blocks any other thread. A fork cancelled (by {@link #cancel()}, a sibling's failure or
 * the scope's cancellation) joins with a {@link java.util.concurrent.CancellationException}, which names the sibling
 * and has its failure as cause when a sibling's failure cancelled it; the scope itself then throws the sibling's
 * failure.
 *
 * <pre>{@code
 * Fork<Quote> quote = scope.fork(() -> await(quotes.fetch(sku)));
 * Quote q = quote.join();
 * }</pre>
 *
 * @param <T> the type of the result
 */
public interface Fork<T> {

    /**
     * Waits for the fork to finish and returns its result, or throws its failure as the same exception object.
     *
     * <p><b>Threading, cancellation, backpressure.</b> As the class documentation; cancelling the joining coroutine
     * makes {@code join} throw {@link java.util.concurrent.CancellationException} without cancelling the fork.
     *
     * <pre>{@code
     * return new Page(header.join(), rows.join());
     * }</pre>
     *
     * @return the fork's result, {@code null} if its body returned {@code null}
     */
    @Nullable
    T join();

    /**
     * Cancels the fork: its current await throws {@link java.util.concurrent.CancellationException} and its
     * {@code finally} blocks run. Not a failure: siblings go on. Idempotent; no effect on a finished fork.
     *
     * <p>Callable from any thread; returns without waiting for the fork to end (the scope waits for it).
     *
     * <pre>{@code
     * Fork<Result> slow = scope.fork(() -> await(slowBackend.call()));
     * if (cacheHit) slow.cancel();
     * }</pre>
     */
    void cancel();

    /**
     * Returns whether the fork has finished, normally or not.
     *
     * <p>A non-blocking snapshot, callable from any thread.
     *
     * <pre>{@code
     * if (prefetch.isDone()) use(prefetch.join());
     * }</pre>
     *
     * @return {@code true} once the fork's body has returned or thrown
     */
    boolean isDone();
}
