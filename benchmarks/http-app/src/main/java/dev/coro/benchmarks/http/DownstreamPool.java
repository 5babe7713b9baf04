package dev.coro.benchmarks.http;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The sample's downstream pool (DownstreamPoolConfig): Reactor Netty's default (500 connections, 1,000 waiting)
 * would answer 502 at 1,024 concurrent order reads in every variant, measuring the pool instead of the handlers.
 */
@Configuration(proxyBeanMethods = false)
class DownstreamPool {

    @Bean(destroyMethod = "dispose")
    ConnectionProvider downstreamConnections(@Value("${bench.downstream-connections:2000}") int maxConnections) {
        return ConnectionProvider.builder("downstream")
                .maxConnections(maxConnections)
                .pendingAcquireMaxCount(10_000)
                .build();
    }

    @Bean
    WebClientCustomizer downstreamConnector(ConnectionProvider downstreamConnections) {
        return builder ->
                builder.clientConnector(new ReactorClientHttpConnector(HttpClient.create(downstreamConnections)));
    }
}
