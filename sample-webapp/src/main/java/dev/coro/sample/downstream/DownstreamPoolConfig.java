package dev.coro.sample.downstream;

import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Sizes the connection pool of the downstream calls ({@link DownstreamClient}) for the page's load lab.
 *
 * <p>Reactor Netty's default pool (500 connections, 1,000 waiting) answers 502 from about 1,500 concurrent requests
 * on, in every variant: a run of the lab would measure the pool, not the handlers. With
 * {@code shop.downstream.pool.max-connections} (2,000) at least the lab's largest concurrency
 * ({@code shop.lab.max-concurrency}), no lab request waits for a connection; {@code pending-acquire-max} (10,000)
 * still bounds the queue of a caller that sends more.
 */
@Configuration(proxyBeanMethods = false)
class DownstreamPoolConfig {

    @Bean(destroyMethod = "dispose")
    ConnectionProvider downstreamConnections(
            @Value("${shop.downstream.pool.max-connections:2000}") int maxConnections,
            @Value("${shop.downstream.pool.pending-acquire-max:10000}") int pendingAcquireMax) {
        return ConnectionProvider.builder("downstream")
                .maxConnections(maxConnections)
                .pendingAcquireMaxCount(pendingAcquireMax)
                .pendingAcquireTimeout(Duration.ofSeconds(45))
                .build();
    }

    @Bean
    WebClientCustomizer downstreamPool(ConnectionProvider downstreamConnections) {
        return builder ->
                builder.clientConnector(new ReactorClientHttpConnector(HttpClient.create(downstreamConnections)));
    }
}
