package dev.coro.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** A downstream that refuses connections (nobody listens on its port) is a 502, for both variants. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConnectionRefusedTests {

    private static final int CLOSED_PORT = closedPort();

    @LocalServerPort
    int port;

    WebTestClient client;

    @DynamicPropertySource
    static void downstream(DynamicPropertyRegistry registry) {
        registry.add("shop.downstream.base-url", () -> "http://127.0.0.1:" + CLOSED_PORT);
    }

    @BeforeEach
    void connect() {
        client = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(15))
                .build();
    }

    @BothVariants
    void refusedConnectionIsA502ProblemDetail(String variant) {
        client.get()
                .uri("/api/{variant}/orders/1", variant)
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.BAD_GATEWAY)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.service")
                .isEqualTo("shipping")
                .jsonPath("$.detail")
                .value(detail -> org.assertj.core.api.Assertions.assertThat((String) detail)
                        .startsWith("shipping service is unreachable"));
    }

    // A port that was free a moment ago: nothing listens there, so connecting is refused at once.
    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
