package dev.coro.sample.lab;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Lets one HTTP/2 connection carry more than Reactor Netty's default of 100 concurrent streams, when
 * {@code shop.http2.max-concurrent-streams} is set (benchmarks/concurrency sets it with
 * {@code server.http2.enabled=true}, so that a few h2c connections hold 100,000 requests).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty("shop.http2.max-concurrent-streams")
class Http2StreamsConfig {

    @Bean
    NettyServerCustomizer http2Streams(
            @org.springframework.beans.factory.annotation.Value("${shop.http2.max-concurrent-streams}") long streams) {
        return server -> server.http2Settings(settings -> settings.maxConcurrentStreams(streams));
    }
}
