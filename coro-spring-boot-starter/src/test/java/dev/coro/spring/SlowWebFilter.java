package dev.coro.spring;

import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;

/** A coroutine filter that, on {@code /filter/slow}, waits forever before the chain, so a test can disconnect. */
class SlowWebFilter extends CoroWebFilter {

    final CancellationProbe probe = new CancellationProbe();

    @Override
    protected boolean shouldFilter(ServerWebExchange exchange) {
        return exchange.getRequest().getPath().value().equals("/filter/slow");
    }

    @Override
    protected void doFilter(ServerWebExchange exchange, WebFilterChain chain) {
        probe.waitForever();
    }
}
