package dev.coro.spring.autoconfigure;

import dev.coro.CoroScheduler;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Puts the {@link CoroScheduler} bean into every request's Reactor Context, first of all filters, so that every
 * coroutine of the request (filters, handlers, the ones they start) runs on it.
 */
final class CoroSchedulerWebFilter implements WebFilter, Ordered {

    private final CoroScheduler scheduler;

    CoroSchedulerWebFilter(CoroScheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return chain.filter(exchange).contextWrite(context -> context.put(CoroScheduler.CONTEXT_KEY, scheduler));
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
