package dev.coro.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Downstream failures from a second real HTTP server ({@link FakeDownstream}), for both variants: a 5xx answer is a
 * 502, an answer slower than {@code shop.downstream.timeout} a 504, and an order whose pricing fails writes nothing.
 * Part of the contract suite (see {@link ShopContractTests}); subclasses choose the database.
 */
abstract class DownstreamFailureTests extends ShopApiTests {

    // One server for every subclass: their application contexts stay cached, pointing at it. It stops with the JVM.
    private static final FakeDownstream downstream = start();

    @DynamicPropertySource
    static void downstream(DynamicPropertyRegistry registry) {
        registry.add("shop.downstream.base-url", downstream::baseUrl);
        registry.add("shop.downstream.timeout", () -> "700ms");
    }

    @BeforeEach
    void resetDownstream() {
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
        downstream.mode(FakeDownstream.Mode.FAIL);
        assertFailedOrderWritesNothing(variant, HttpStatus.BAD_GATEWAY);
        downstream.mode(FakeDownstream.Mode.SLOW);
        assertFailedOrderWritesNothing(variant, HttpStatus.GATEWAY_TIMEOUT);
    }

    private static FakeDownstream start() {
        try {
            FakeDownstream server = new FakeDownstream(Duration.ofMillis(2_500));
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
