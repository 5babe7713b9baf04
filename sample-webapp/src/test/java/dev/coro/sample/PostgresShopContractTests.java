package dev.coro.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;

/**
 * The contract suite on a real PostgreSQL (profile {@code postgres}); .ci/run starts one with
 * {@code sample-webapp/scripts/postgres.sh start}. Skipped with a message when none is reachable, unless
 * {@code CI=true}.
 */
@ShopTest
@ActiveProfiles("postgres")
@ExtendWith(PostgresServer.class)
class PostgresShopContractTests extends ShopContractTests {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        registry.add("spring.r2dbc.url", PostgresServer::r2dbcUrl);
    }

    // Only here: r2dbc-h2 runs the H2 engine on the calling thread, so a row lock wait there blocks an event loop
    // (the one the other request's downstream call needs). PostgreSQL waits for the lock without blocking anyone.
    @BothVariants
    void lastUnitGoesToExactlyOneOfTwoRacingOrders(String variant) {
        long product = db.newProduct("Last one " + variant, 100, 1);
        String body = "{\"customerId\":3,\"items\":[{\"productId\":" + product + ",\"quantity\":1}]}";
        List<Integer> statuses = Flux.range(0, 2)
                .flatMap(i -> WebClient.create("http://127.0.0.1:" + port)
                        .post()
                        .uri("/api/{variant}/orders", variant)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(body)
                        .exchangeToMono(response -> response.releaseBody()
                                .thenReturn(response.statusCode().value())))
                .collectList()
                .block(Duration.ofSeconds(15));
        assertThat(statuses).containsExactlyInAnyOrder(201, 409);
        assertThat(db.stock(product)).isZero();
    }
}
