package dev.coro.sample.lab;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;

/**
 * Lets one HTTP/2 connection carry more than Reactor Netty's default of 100 concurrent streams, when
 * {@code shop.http2.max-concurrent-streams} is set (benchmarks/concurrency sets it with
 * {@code server.http2.enabled=true}, so that a few h2c connections hold 100,000 requests).
 *
 * <p>Boot's own Netty customizer sets the HTTP/2 header size with {@code HttpServer.http2Settings}, which replaces
 * earlier settings: this one runs last and sets both.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty("shop.http2.max-concurrent-streams")
class Http2StreamsConfig implements WebServerFactoryCustomizer<NettyReactiveWebServerFactory>, Ordered {

    private final long streams;
    private final DataSize headerSize;

    Http2StreamsConfig(
            @Value("${shop.http2.max-concurrent-streams}") long streams,
            @Value("${server.max-http-request-header-size:8KB}") DataSize headerSize) {
        this.streams = streams;
        this.headerSize = headerSize;
    }

    @Override
    public void customize(NettyReactiveWebServerFactory factory) {
        factory.addServerCustomizers(server -> server.http2Settings(
                settings -> settings.maxConcurrentStreams(streams).maxHeaderListSize(headerSize.toBytes())));
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
