package dev.coro.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The running shop over its real port: a client for the API and direct access to its database. The contract suite's
 * classes extend it; each has one subclass per database ({@code H2...}, {@code Postgres...}).
 */
abstract class ShopApiTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    @LocalServerPort
    int port;

    @Autowired
    DatabaseClient databaseClient;

    WebTestClient client;
    ShopDatabase db;

    @BeforeEach
    void connect() {
        db = new ShopDatabase(databaseClient);
        client = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(TIMEOUT)
                .build();
    }

    WebTestClient.ResponseSpec placeOrder(String variant, Object body) {
        return client.post()
                .uri("/api/{variant}/orders", variant)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }

    /** An order's request body: the customer, then a product id and a quantity per line. */
    static Map<String, Object> orderRequest(long customerId, long... productsAndQuantities) {
        List<Map<String, Long>> items = new ArrayList<>();
        for (int i = 0; i < productsAndQuantities.length; i += 2) {
            items.add(Map.of("productId", productsAndQuantities[i], "quantity", productsAndQuantities[i + 1]));
        }
        return Map.of("customerId", customerId, "items", items);
    }

    /** Places an order of a fresh product that must fail with {@code status}, and checks that nothing was written. */
    void assertFailedOrderWritesNothing(String variant, HttpStatus status) {
        long product = db.newProduct("Failing " + status.value() + " " + variant, 250, 6);
        long orders = db.orderCount();
        long lines = db.lineCount();
        placeOrder(variant, orderRequest(1, product, 4)).expectStatus().isEqualTo(status);
        assertThat(db.stock(product)).as("stock after a %s", status).isEqualTo(6);
        assertThat(db.orderCount()).as("orders after a %s", status).isEqualTo(orders);
        assertThat(db.lineCount()).as("order lines after a %s", status).isEqualTo(lines);
    }
}
