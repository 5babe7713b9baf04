package dev.coro.benchmarks.http;

import dev.coro.benchmarks.http.Records.Customer;
import dev.coro.benchmarks.http.Records.Order;
import dev.coro.benchmarks.http.Records.OrderLine;
import dev.coro.benchmarks.http.Records.ShippingQuote;
import io.r2dbc.spi.Readable;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * The three calls of the sample shop's order read, with the sample's SQL (OrderRepository, CustomerRepository) and
 * its downstream call (DownstreamClient.shippingQuote against the app's own simulation), shared by every variant.
 */
@Component
public class Shop {

    private final DatabaseClient db;
    private final WebClient web;
    private final Environment environment;
    private final Duration timeout;
    private volatile @Nullable String downstream;

    Shop(
            DatabaseClient db,
            WebClient.Builder web,
            Environment environment,
            @Value("${bench.downstream-timeout:2s}") Duration timeout) {
        this.db = db;
        this.web = web.build();
        this.environment = environment;
        this.timeout = timeout;
    }

    /**
     * Finds an order with its lines (two queries, as the sample does).
     *
     * @param id the order's id
     * @return the order, or empty when there is none
     */
    public Mono<Order> order(long id) {
        Mono<List<OrderLine>> lines = db.sql("""
                        SELECT l.product_id, p.name, l.quantity, l.unit_price_cents
                        FROM order_line l JOIN product p ON p.id = l.product_id
                        WHERE l.order_id = :id ORDER BY l.line_no""")
                .bind("id", id)
                .map(row -> new OrderLine(
                        longOf(row, "product_id"),
                        stringOf(row, "name"),
                        intOf(row, "quantity"),
                        longOf(row, "unit_price_cents")))
                .all()
                .collectList();
        return db.sql("""
                        SELECT id, customer_id, status, subtotal_cents, shipping_cents, created_at
                        FROM orders WHERE id = :id""")
                .bind("id", id)
                .map(row -> new Order(
                        longOf(row, "id"),
                        longOf(row, "customer_id"),
                        stringOf(row, "status"),
                        longOf(row, "subtotal_cents"),
                        longOf(row, "shipping_cents"),
                        require(row.get("created_at", OffsetDateTime.class), "created_at")
                                .toInstant(),
                        List.of()))
                .one()
                .flatMap(order -> lines.map(orderLines -> new Order(
                        order.id(),
                        order.customerId(),
                        order.status(),
                        order.subtotalCents(),
                        order.shippingCents(),
                        order.createdAt(),
                        orderLines)));
    }

    /**
     * Finds a customer.
     *
     * @param id the customer's id
     * @return the customer, or empty when there is none
     */
    public Mono<Customer> customer(long id) {
        return db.sql("SELECT id, name, email, country FROM customer WHERE id = :id")
                .bind("id", id)
                .map(row -> new Customer(
                        longOf(row, "id"), stringOf(row, "name"), stringOf(row, "email"), stringOf(row, "country")))
                .one();
    }

    /**
     * Asks the simulated shipping service (this app's {@code /downstream}) for a quote, over HTTP.
     *
     * @param country destination, ISO two-letter code
     * @param items number of units to ship
     * @return the quote
     */
    public Mono<ShippingQuote> shippingQuote(String country, int items) {
        return Mono.defer(() -> web.get()
                        .uri(downstream() + "/shipping/quote?country={country}&items={items}", country, items)
                        .retrieve()
                        .bodyToMono(ShippingQuote.class))
                .timeout(timeout);
    }

    private String downstream() {
        String url = downstream;
        if (url == null) {
            String port = environment.getProperty("local.server.port");
            if (port == null) {
                throw new IllegalStateException("the downstream is this app's /downstream, but the web server has "
                        + "not started yet: call the order endpoint over HTTP");
            }
            url = "http://127.0.0.1:" + port + "/downstream";
            downstream = url;
        }
        return url;
    }

    private static String stringOf(Readable row, String column) {
        return require(row.get(column, String.class), column).trim();
    }

    private static long longOf(Readable row, String column) {
        return require(row.get(column, Long.class), column);
    }

    private static int intOf(Readable row, String column) {
        return require(row.get(column, Integer.class), column);
    }

    private static <T> T require(@Nullable T value, String column) {
        if (value == null) {
            throw new IllegalStateException("column " + column + " is NULL; the sample's schema.sql forbids it");
        }
        return value;
    }
}
