package dev.coro.spring;

import io.micrometer.context.ContextRegistry;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * A plain reactive filter that writes the {@code X-Request-Id} header into the Reactor Context, with a
 * context-propagation accessor that mirrors it into the MDC: what a tracing library does with its trace id.
 */
class MdcWebFilter implements WebFilter, Ordered {

    static final String KEY = "requestId";

    static {
        ContextRegistry.getInstance()
                .registerThreadLocalAccessor(KEY, () -> MDC.get(KEY), v -> MDC.put(KEY, v), () -> MDC.remove(KEY));
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String id = exchange.getRequest().getHeaders().getFirst("X-Request-Id");
        return id == null ? chain.filter(exchange) : chain.filter(exchange).contextWrite(c -> c.put(KEY, id));
    }

    @Override
    public int getOrder() {
        return 0;
    }
}
