package dev.coro.spring;

import dev.coro.Coro;
import org.springframework.util.ClassUtils;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A {@link WebFilter} whose body is straight-line code: extend it, implement {@link #doFilter}, and await the chain.
 *
 * <p><b>Threading, cancellation, backpressure.</b> Every request runs {@code doFilter} in a new coroutine named after
 * the filter class ({@code coro-TenantFilter-4}), with the request's Reactor Context as {@code Coro.context()}. Await
 * {@code chain.filter(exchange)} to continue the chain (add {@code contextWrite} to hand a Context to the handler);
 * not awaiting it ends the request there, as a {@code WebFilter} returning {@code Mono.empty()} does. A client
 * disconnect cancels the coroutine at its current await, so {@code finally} blocks run. A thrown exception is the
 * filter's {@code Mono.error}. The rest of the chain never runs on this filter's coroutine: it is subscribed on a
 * Reactor non-blocking thread, so a handler (or plain filter) behind it that awaits without being a coroutine fails
 * exactly as it would without this filter. Without the starter's {@code CoroScheduler} in the request's Context
 * ({@code coro.enabled=false} or {@code coro.webflux.enabled=false}) the filter does not run as a coroutine: each
 * request it applies to fails with an {@code IllegalStateException} saying so (never skipping the filter silently), and
 * startup has logged a WARN naming it. The chain's handler may be a coroutine too; it is started with the filter's
 * Context, so it runs in the filter's slot of {@code coro.scheduler.max-concurrency}: a request holds one slot however
 * many coroutine filters and handlers it passes, and a bound of 1 cannot deadlock a filter against its own handler.
 *
 * <pre>{@code
 * @Component
 * class TenantFilter extends CoroWebFilter {
 *     @Override
 *     protected void doFilter(ServerWebExchange exchange, WebFilterChain chain) {
 *         String tenant = await(tenants.resolve(exchange.getRequest().getHeaders().getFirst("X-Tenant")));
 *         await(chain.filter(exchange).contextWrite(Context.of("tenant", tenant)));
 *     }
 * }
 * }</pre>
 */
public abstract class CoroWebFilter implements WebFilter {

    private final CoroutineNames names;

    /** Creates the filter; its coroutines are named after the concrete class. */
    protected CoroWebFilter() {
        this.names = new CoroutineNames(ClassUtils.getShortName(ClassUtils.getUserClass(getClass())));
    }

    /**
     * Runs {@link #doFilter} as a coroutine for this request.
     *
     * <p><b>Threading, cancellation, backpressure.</b> See the class documentation.
     *
     * <pre>{@code
     * Mono<Void> done = filter.filter(exchange, chain);
     * }</pre>
     *
     * @param exchange the current exchange
     * @param chain the rest of the chain
     * @return completion of the filter and, if awaited by it, of the chain
     */
    @Override
    public final Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!shouldFilter(exchange)) {
            return chain.filter(exchange);
        }
        WebFilterChain rest = offCoroutine(chain);
        return Mono.deferContextual(
                context -> Coro.mono(names.next(CoroutineNames.requireScheduler(context, describe())), () -> {
                    doFilter(exchange, rest);
                    return null;
                }));
    }

    private String describe() {
        return "The coroutine filter " + getClass().getName();
    }

    /**
     * The rest of the chain, subscribed off this filter's coroutine: awaiting {@code chain.filter(exchange)} would
     * otherwise run the next filters and the handler on the coroutine's thread whenever nothing asynchronous comes
     * first, where a plain handler's {@code Coro.await} works by accident (a GET) and fails once its arguments arrive
     * on an event loop (a request body). On a non-blocking thread, what follows runs as it would without this filter.
     */
    private static WebFilterChain offCoroutine(WebFilterChain chain) {
        return exchange -> chain.filter(exchange).subscribeOn(Schedulers.parallel());
    }

    /**
     * Decides, before any coroutine starts, whether this filter applies to the request; {@code true} by default.
     *
     * <p><b>Threading, cancellation, backpressure.</b> Called on the thread that runs the filter chain, often an event
     * loop: decide from the exchange alone, without awaiting. When {@code false}, the chain continues directly and no
     * coroutine is started, so a filter for a few paths costs nothing on the others.
     *
     * <pre>{@code
     * protected boolean shouldFilter(ServerWebExchange exchange) {
     *     return exchange.getRequest().getPath().value().startsWith("/api/");
     * }
     * }</pre>
     *
     * @param exchange the current exchange
     * @return whether to run {@link #doFilter} for it
     */
    protected boolean shouldFilter(ServerWebExchange exchange) {
        return true;
    }

    /**
     * The filter's straight-line body; {@code await(chain.filter(exchange))} continues the chain.
     *
     * <p><b>Threading, cancellation, backpressure.</b> Runs on the request's coroutine; see the class documentation.
     *
     * <pre>{@code
     * protected void doFilter(ServerWebExchange exchange, WebFilterChain chain) {
     *     long start = System.nanoTime();
     *     try {
     *         await(chain.filter(exchange));
     *     } finally {
     *         log.info("{} took {} µs", exchange.getRequest().getPath(), (System.nanoTime() - start) / 1000);
     *     }
     * }
     * }</pre>
     *
     * @param exchange the current exchange
     * @param chain the rest of the chain
     * @throws Exception any failure, which becomes the filter's error signal
     */
    protected abstract void doFilter(ServerWebExchange exchange, WebFilterChain chain) throws Exception;
}
