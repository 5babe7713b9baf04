package dev.coro.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Downstream failures from a second real HTTP server ({@link FakeDownstream}), for both variants: a 5xx answer is a
 * 502, an answer slower than {@code shop.downstream.timeout} a 504, and an order whose pricing fails writes nothing.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "shop.downstream.timeout=700ms")
class DownstreamFailureTests {

    private static final FakeDownstream downstream = start();

    @LocalServerPort
    int port;

    @Autowired
    DatabaseClient databaseClient;

    WebTestClient client;
    ShopDatabase db;

    @DynamicPropertySource
    static void downstream(DynamicPropertyRegistry registry) {
        registry.add("shop.downstream.base-url", downstream::baseUrl);
    }

    @AfterAll
    static void stop() {
        downstream.close();
    }

    @BeforeEach
    void connect() {
        client = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(15))
                .build();
        db = new ShopDatabase(databaseClient);
        downstream.mode(FakeDownstream.Mode.OK);
    }

    @BothVariants
    void answersWithTheFakeServicesWhenTheyWork(String variant) {
        int calls = downstream.calls();
        client.get()
                .uri("/api/{variant}/orders/1", variant)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.shippingQuote.carrier")
                .isEqualTo("FAKE");
        assertThat(downstream.calls()).isEqualTo(calls + 1);
    }

    @BothVariants
    void summaryCallsLoyaltyAndRecommendationsAtTheSameTime(String variant) {
        client.get()
                .uri("/api/{variant}/customers/1/summary", variant)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.loyalty.tier")
                .isEqualTo("GOLD")
                .jsonPath("$.recommendations.productIds")
                .isEqualTo(List.of(1, 2));
    }

    @BothVariants
    void downstreamErrorIsA502ProblemDetail(String variant) {
        downstream.mode(FakeDownstream.Mode.FAIL);
        client.get()
                .uri("/api/{variant}/orders/1", variant)
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.BAD_GATEWAY)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.title")
                .isEqualTo("Downstream failure")
                .jsonPath("$.service")
                .isEqualTo("shipping")
                .jsonPath("$.detail")
                .isEqualTo("shipping service answered 500");
        client.get()
                .uri("/api/{variant}/customers/1/summary", variant)
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.BAD_GATEWAY);
    }

    @BothVariants
    void slowDownstreamIsA504ProblemDetail(String variant) {
        downstream.mode(FakeDownstream.Mode.SLOW);
        client.get()
                .uri("/api/{variant}/orders/1", variant)
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.GATEWAY_TIMEOUT)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.title")
                .isEqualTo("Downstream timeout")
                .jsonPath("$.service")
                .isEqualTo("shipping")
                .jsonPath("$.timeoutMillis")
                .isEqualTo(700);
    }

    @BothVariants
    void orderWhosePricingFailsWritesNothing(String variant) {
        for (FakeDownstream.Mode failure : List.of(FakeDownstream.Mode.FAIL, FakeDownstream.Mode.SLOW)) {
            downstream.mode(failure);
            long product = db.newProduct("Downstream " + failure + " " + variant, 250, 6);
            long orders = db.orderCount();
            long lines = db.lineCount();
            client.post()
                    .uri("/api/{variant}/orders", variant)
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("customerId", 1, "items", List.of(Map.of("productId", product, "quantity", 4))))
                    .exchange()
                    .expectStatus()
                    .isEqualTo(
                            failure == FakeDownstream.Mode.FAIL ? HttpStatus.BAD_GATEWAY : HttpStatus.GATEWAY_TIMEOUT);
            assertThat(db.stock(product)).as("stock after %s", failure).isEqualTo(6);
            assertThat(db.orderCount()).isEqualTo(orders);
            assertThat(db.lineCount()).isEqualTo(lines);
        }
    }

    private static FakeDownstream start() {
        try {
            return new FakeDownstream(Duration.ofMillis(2_500));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
