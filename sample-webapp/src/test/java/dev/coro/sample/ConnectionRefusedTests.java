package dev.coro.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A downstream that refuses connections (nobody listens on its port) is a 502, for both variants, and an order that
 * cannot be priced writes nothing. Part of the contract suite (see {@link ShopContractTests}); subclasses choose the
 * database.
 */
abstract class ConnectionRefusedTests extends ShopApiTests {

    private static final int CLOSED_PORT = closedPort();

    @DynamicPropertySource
    static void downstream(DynamicPropertyRegistry registry) {
        registry.add("shop.downstream.base-url", () -> "http://127.0.0.1:" + CLOSED_PORT);
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
                .value(detail -> assertThat((String) detail).startsWith("shipping service is unreachable"));
    }

    @BothVariants
    void orderThatCannotBePricedWritesNothing(String variant) {
        assertFailedOrderWritesNothing(variant, HttpStatus.BAD_GATEWAY);
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
