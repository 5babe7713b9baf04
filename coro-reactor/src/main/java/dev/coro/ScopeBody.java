package dev.coro;

import org.jspecify.annotations.Nullable;

/**
 * The body of a structured scope run by {@link Coro#scope(ScopeBody)}: it forks coroutines with
 * {@link CoroScope#fork(CoroutineBody)}, joins them and returns the scope's result.
 *
 * <p><b>Threading, cancellation, backpressure.</b> The body runs on the calling coroutine (or thread); the forks run
 * concurrently on coroutines of their own. If the body throws, every fork still running is cancelled before the
 * scope rethrows. A single result, so no backpressure.
 *
 * <pre>{@code
 * ScopeBody<Dashboard> body = scope -> {
 *     Fork<User> user = scope.fork(() -> await(users.find(id)));
 *     Fork<List<Order>> orders = scope.fork(() -> await(orders.recent(id).collectList()));
 *     return new Dashboard(user.join(), orders.join());
 * };
 * }</pre>
 *
 * @param <T> the type of the scope's result
 */
@FunctionalInterface
public interface ScopeBody<T> {

    /**
     * Runs the body.
     *
     * @param scope where to fork coroutines; valid until the scope ends
     * @return the scope's result, returned once every fork has finished
     * @throws Exception any failure; the scope cancels its forks and rethrows it
     */
    @Nullable
    T run(CoroScope scope) throws Exception;
}
