package dev.coro.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;

/**
 * The contract suite on a real PostgreSQL (see {@link PostgresTest}): skipped with a message when none is reachable,
 * unless {@code CI=true}.
 */
@PostgresTest
class PostgresShopContractTests extends ShopContractTests {

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
