package dev.coro.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coro.sample.shop.GatedOrderRepository;
import dev.coro.sample.shop.OrderRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Downstream failures from a second real HTTP server ({@link FakeDownstream}), for both variants: a 5xx answer is a
 * 502, an answer slower than {@code shop.downstream.timeout} a 504, and an order whose pricing fails writes nothing.
 * Part of the contract suite (see {@link ShopContractTests}); subclasses choose the database.
 */
@Import(DownstreamFailureTests.StatsAtTheSummaryBarrier.class)
abstract class DownstreamFailureTests extends ShopApiTests {

    // Far above what the barrier's three calls take on a loaded machine; the fake's SLOW answers take twice as long.
    private static final int TIMEOUT_MILLIS = 2_500;

    // One server for every subclass: their application contexts stay cached, pointing at it. It stops with the JVM.
    private static final FakeDownstream downstream = start();

    @DynamicPropertySource
    static void downstream(DynamicPropertyRegistry registry) {
        registry.add("shop.downstream.base-url", downstream::baseUrl);
        registry.add("shop.downstream.timeout", () -> TIMEOUT_MILLIS + "ms");
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

    // The stats query, loyalty and recommendations meet at FakeDownstream's barrier: awaiting any before starting
    // the others leaves it short of a party, and the summary fails.
    @BothVariants
    void summaryMakesItsThreeCallsAtTheSameTime(String variant) {
        // A first call in a cold app (connections, class loading) can take longer than the timeout alone.
        downstream.mode(FakeDownstream.Mode.FAIL);
        client.get()
                .uri("/api/{variant}/customers/1/summary", variant)
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.BAD_GATEWAY);
        downstream.mode(FakeDownstream.Mode.OK);

        long[] stats = db.customerStats(1);
        client.get()
                .uri("/api/{variant}/customers/1/summary", variant)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.orders.orderCount")
                .isEqualTo(stats[0])
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
                .isEqualTo(TIMEOUT_MILLIS);
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
            FakeDownstream server = new FakeDownstream(Duration.ofMillis(2L * TIMEOUT_MILLIS));
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The app's order repository, with the stats query arriving at {@link FakeDownstream}'s summary barrier. Not a
     * {@code @TestConfiguration}: imported by every subclass, not detected as the test's own configuration.
     */
    static class StatsAtTheSummaryBarrier {

        @Bean
        @Primary
        OrderRepository statsAtTheSummaryBarrier(DatabaseClient db) {
            // Waits off the event loop and off the coroutine's carrier, as a slow query would.
            Mono<Void> arrival = Mono.fromCallable(downstream::statsQueryArrived)
                    .subscribeOn(Schedulers.boundedElastic())
                    .flatMap(arrived -> arrived
                            ? Mono.<Void>empty()
                            : Mono.error(new IllegalStateException(
                                    "order stats were not queried together with loyalty and recommendations")));
            return new GatedOrderRepository(db, arrival);
        }
    }
}
