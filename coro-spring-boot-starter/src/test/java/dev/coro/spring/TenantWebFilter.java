package dev.coro.spring;

import static dev.coro.Coro.await;

import java.time.Duration;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/** A straight-line filter: awaits something, marks the response, and hands a Context entry to the handler. */
class TenantWebFilter extends CoroWebFilter {

    @Override
    protected boolean shouldFilter(ServerWebExchange exchange) {
        return exchange.getRequest().getHeaders().containsHeader("X-Tenant");
    }

    @Override
    protected void doFilter(ServerWebExchange exchange, WebFilterChain chain) {
        String header = exchange.getRequest().getHeaders().getFirst("X-Tenant");
        if ("forbidden".equals(header)) {
            exchange.getResponse().setStatusCode(HttpStatus.FORBIDDEN);
            return;
        }
        String tenant =
                header == null ? null : await(Mono.just(header.toUpperCase()).delayElement(Duration.ofMillis(1)));
        exchange.getResponse()
                .getHeaders()
                .add("X-Filter-Thread", Thread.currentThread().getName());
        if (tenant == null) {
            await(chain.filter(exchange));
        } else {
            await(chain.filter(exchange).contextWrite(c -> c.put("tenant", tenant)));
        }
    }
}
