package dev.coro.sample.load;

import io.netty.channel.ChannelOption;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * A {@link WebClient} whose connection pool is sized for a load run, and that pool's lifetime: close it after the
 * run.
 *
 * <p>Over HTTP/1.1 a connection carries one request at a time, so the pool holds as many connections as requests in
 * flight; each connection takes a local port, about 28,000 per local address on Linux, so large runs spread their
 * connections over several loopback addresses (127.0.0.2, 127.0.0.3, ...). Over HTTP/2 (h2c with prior knowledge)
 * a few connections multiplex every request. Waiting for a connection is unbounded in count and in time: the plan's
 * concurrency is the bound.
 *
 * <pre>{@code
 * try (var connections = LoadConnections.http11(20_000, List.of(InetAddress.getByName("127.0.0.2")))) {
 *     new LoadClient(connections.webClient()).send(plan, stats).block();
 * }
 * }</pre>
 */
public final class LoadConnections implements AutoCloseable {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(60);

    private final ConnectionProvider pool;
    private final WebClient web;

    private LoadConnections(ConnectionProvider pool, HttpClient http) {
        this.pool = pool;
        this.web = WebClient.builder()
                .clientConnector(new ReactorClientHttpConnector(http))
                .build();
    }

    /**
     * HTTP/1.1 with up to {@code connections} connections, bound round-robin to {@code localAddresses} (none: the
     * system's choice).
     *
     * @param connections the most connections, at least the plan's concurrency
     * @param localAddresses the local addresses to connect from, e.g. 127.0.0.2 and 127.0.0.3 for a server on
     *     127.0.0.1
     * @return the connections; close them after the run
     */
    public static LoadConnections http11(int connections, List<InetAddress> localAddresses) {
        ConnectionProvider pool = pool(connections);
        HttpClient http = HttpClient.create(pool).protocol(HttpProtocol.HTTP11);
        if (!localAddresses.isEmpty()) {
            var next = new AtomicInteger();
            // Called for every new connection: each takes the next address, so each address gives its own ports.
            http = http.bindAddress(() -> new InetSocketAddress(
                    localAddresses.get(Math.floorMod(next.getAndIncrement(), localAddresses.size())), 0));
        }
        return new LoadConnections(pool, tuned(http));
    }

    /**
     * HTTP/2 over cleartext with prior knowledge (the server must accept h2c, e.g. Spring Boot's
     * {@code server.http2.enabled=true}), over {@code connections} connections.
     *
     * @param connections how many HTTP/2 connections to multiplex the requests over
     * @return the connections; close them after the run
     */
    public static LoadConnections h2c(int connections) {
        ConnectionProvider pool = pool(connections);
        return new LoadConnections(pool, tuned(HttpClient.create(pool).protocol(HttpProtocol.H2C)));
    }

    private static ConnectionProvider pool(int connections) {
        if (connections < 1) {
            throw new IllegalArgumentException("a load run needs at least 1 connection, not " + connections);
        }
        return ConnectionProvider.builder("load")
                .maxConnections(connections)
                .pendingAcquireMaxCount(-1) // the plan's concurrency bounds the waiting requests
                .pendingAcquireTimeout(Duration.ofHours(1))
                .build();
    }

    private static HttpClient tuned(HttpClient http) {
        return http.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) CONNECT_TIMEOUT.toMillis());
    }

    /** The client to give to {@link LoadClient}. */
    public WebClient webClient() {
        return web;
    }

    /** Closes the pooled connections. */
    @Override
    public void close() {
        pool.dispose();
    }
}
