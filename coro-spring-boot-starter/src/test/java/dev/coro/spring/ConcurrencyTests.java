package dev.coro.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * 2,000 concurrent requests (system property {@code coro.stress.requests}) to a coroutine handler awaiting a delayed
 * Mono, over a real port: every one completes, and all were suspended at the same time.
 */
@SpringBootTest(
        classes = TestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"coro.scheduler.name-prefix=test-", ObservabilityTests.EXPOSE})
class ConcurrencyTests {

    static final int REQUESTS = Integer.getInteger("coro.stress.requests", 2_000);

    @LocalServerPort
    int port;

    @Autowired
    LoadController load;

    @Test
    void twoThousandConcurrentRequestsToACoroutineHandlerAllComplete() {
        load.expect(REQUESTS);
        ConnectionProvider connections = ConnectionProvider.builder("coro-load")
                .maxConnections(REQUESTS)
                .pendingAcquireMaxCount(-1)
                .pendingAcquireTimeout(Duration.ofSeconds(30))
                .build();
        try {
            WebClient client = WebClient.builder()
                    .baseUrl("http://localhost:" + port)
                    .clientConnector(new ReactorClientHttpConnector(HttpClient.create(connections)))
                    .build();
            List<Integer> answers = Flux.range(0, REQUESTS)
                    .flatMap(i -> client.get().uri("/load/{i}", i).retrieve().bodyToMono(Integer.class), REQUESTS)
                    .collectList()
                    .block(Duration.ofSeconds(60));
            assertThat(answers).hasSize(REQUESTS).doesNotHaveDuplicates().allMatch(i -> i >= 0 && i < REQUESTS);
            assertThat(load.peak.get()).as("requests suspended at once").isEqualTo(REQUESTS);
        } finally {
            connections.disposeLater().block(Duration.ofSeconds(10));
        }
    }
}
