package dev.coro;

/**
 * A structured-concurrency scope, opened by {@link Coro#scope(ScopeBody)}: every coroutine forked in it ends before
 * the scope returns.
 *
 * <p><b>Threading, cancellation, backpressure.</b> {@link #fork} may be called from the scope body and from the forks
 * themselves, on any thread, until the scope has ended. Forks inherit the Reactor {@code Context} and the scheduler
 * of the coroutine that opened the scope. The first fork to fail cancels all the others and its exception is what
 * the scope throws; cancelling the coroutine that runs the scope cancels every fork. Forks started with a bounded
 * {@link CoroScheduler#maxConcurrency()} queue like any coroutine: keep the bound above the number of coroutines
 * that wait for each other, or they wait forever.
 *
 * <pre>{@code
 * int total = Coro.scope(scope -> {
 *     Fork<Integer> a = scope.fork(() -> await(stock.count("a")));
 *     Fork<Integer> b = scope.fork(() -> await(stock.count("b")));
 *     return a.join() + b.join();
 * });
 * }</pre>
 */
public interface CoroScope {

    /**
     * Starts {@code body} on a new coroutine belonging to this scope.
     *
     * <p><b>Threading, cancellation, backpressure.</b> As the class documentation. Returns at once; the body starts
     * concurrently.
     *
     * <pre>{@code
     * Fork<Price> price = scope.fork(() -> await(prices.quote(sku)));
     * }</pre>
     *
     * @param body the fork's code; may await, fork further and throw
     * @param <T> the type of the fork's result
     * @return a handle to join or cancel the fork
     * @throws IllegalStateException when the scope has already ended
     */
    <T> Fork<T> fork(CoroutineBody<T> body);
}
