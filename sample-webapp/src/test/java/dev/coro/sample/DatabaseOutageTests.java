package dev.coro.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A database that is down (nobody listens at its address) is a 503 problem detail the client may retry, for reads and
 * for transactional writes, in both variants; before, it was a 500 with no detail. Part of the contract suite (see
 * {@link ShopContractTests}); the database is unreachable whichever one the others use.
 */
@ShopTest
class DatabaseOutageTests extends ShopApiTests {

    private static final int CLOSED_PORT = closedPort();

    @DynamicPropertySource
    static void deadDatabase(DynamicPropertyRegistry registry) {
        registry.add("spring.r2dbc.url", () -> "r2dbc:postgresql://127.0.0.1:" + CLOSED_PORT + "/shop");
        registry.add("spring.r2dbc.username", () -> "shop");
        registry.add("spring.r2dbc.password", () -> "shop");
        registry.add("spring.sql.init.mode", () -> "never");
    }

    @BothVariants
    void aReadIsA503ProblemDetail(String variant) {
        expectUnavailable(client.get().uri("/api/{variant}/orders/1", variant).exchange());
        expectUnavailable(
                client.get().uri("/api/{variant}/customers/1/summary", variant).exchange());
    }

    @BothVariants
    void aTransactionalWriteIsA503ProblemDetail(String variant) {
        expectUnavailable(placeOrder(variant, orderRequest(1, 1, 1)));
        expectUnavailable(client.post()
                .uri("/api/{variant}/products/1/restock?quantity=1", variant)
                .headers(headers -> headers.setBasicAuth("admin", "admin"))
                .exchange());
    }

    private static void expectUnavailable(WebTestClient.ResponseSpec response) {
        response.expectStatus()
                .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader()
                .valueEquals(HttpHeaders.RETRY_AFTER, "5")
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo(503)
                .jsonPath("$.type")
                .isEqualTo("urn:coro-sample:problem:database-unavailable")
                .jsonPath("$.detail")
                .isEqualTo("The shop's database cannot be reached; try again later.");
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
