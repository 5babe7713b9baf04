package dev.coro.sample.shop;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Reads and writes orders; shared by every API variant. */
@Repository
public class OrderRepository {

    private final DatabaseClient db;
    private final AtomicLong pagedRows = new AtomicLong();

    OrderRepository(DatabaseClient db) {
        this.db = db;
    }

    /**
     * Finds an order with its lines.
     *
     * @param id the order's id
     * @return the order, or empty when there is none
     */
    public Mono<Order> findById(long id) {
        Mono<List<OrderLine>> lines = db.sql("""
                        SELECT l.product_id, p.name, l.quantity, l.unit_price_cents
                        FROM order_line l JOIN product p ON p.id = l.product_id
                        WHERE l.order_id = :id ORDER BY l.line_no""")
                .bind("id", id)
                .map(row -> new OrderLine(
                        Rows.getLong(row, "product_id"),
                        Rows.get(row, "name"),
                        Rows.getInt(row, "quantity"),
                        Rows.getLong(row, "unit_price_cents")))
                .all()
                .collectList();
        return db.sql("""
                        SELECT id, customer_id, status, subtotal_cents, shipping_cents, created_at
                        FROM orders WHERE id = :id""")
                .bind("id", id)
                .map(row -> new Order(
                        Rows.getLong(row, "id"),
                        Rows.getLong(row, "customer_id"),
                        Rows.get(row, "status"),
                        Rows.getLong(row, "subtotal_cents"),
                        Rows.getLong(row, "shipping_cents"),
                        Rows.getInstant(row, "created_at"),
                        List.of()))
                .one()
                .flatMap(order -> lines.map(orderLines -> withLines(order, orderLines)));
    }

    /**
     * Inserts a new order and its lines; call it inside the transaction that reserved the stock.
     *
     * @param customerId who orders
     * @param lines the priced lines
     * @param shippingCents the quoted shipping price
     * @return the stored order
     */
    public Mono<Order> insert(long customerId, List<OrderLine> lines, long shippingCents) {
        // Millisecond precision: what both H2 and PostgreSQL store, so a re-read order equals the returned one.
        Instant createdAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        long subtotal = lines.stream().mapToLong(OrderLine::amountCents).sum();
        return db.sql("""
                        INSERT INTO orders (customer_id, status, subtotal_cents, shipping_cents, created_at)
                        VALUES (:customerId, 'PLACED', :subtotal, :shipping, :createdAt)""")
                .bind("customerId", customerId)
                .bind("subtotal", subtotal)
                .bind("shipping", shippingCents)
                .bind("createdAt", OffsetDateTime.ofInstant(createdAt, ZoneOffset.UTC))
                .filter(statement -> statement.returnGeneratedValues("id"))
                .map(row -> Rows.getLong(row, "id"))
                .one()
                .flatMap(id -> Flux.range(0, lines.size())
                        .concatMap(index -> insertLine(id, index + 1, lines.get(index)))
                        .then(Mono.just(
                                new Order(id, customerId, "PLACED", subtotal, shippingCents, createdAt, lines))));
    }

    private Mono<Long> insertLine(long orderId, int lineNo, OrderLine line) {
        return db.sql("""
                        INSERT INTO order_line (order_id, line_no, product_id, quantity, unit_price_cents)
                        VALUES (:orderId, :lineNo, :productId, :quantity, :unitPrice)""")
                .bind("orderId", orderId)
                .bind("lineNo", lineNo)
                .bind("productId", line.productId())
                .bind("quantity", line.quantity())
                .bind("unitPrice", line.unitPriceCents())
                .fetch()
                .rowsUpdated();
    }

    /**
     * Reads the next page of the order stream: up to {@code size} orders with an id above {@code after}, in id order.
     *
     * @param after the cursor: the last id already seen (0 for the start)
     * @param size the page size
     * @return the page; empty (with the same cursor) when there is nothing newer
     */
    public Mono<OrderPage> page(long after, int size) {
        return db.sql("""
                        SELECT o.id, o.customer_id, c.name, o.subtotal_cents + o.shipping_cents AS total_cents,
                               o.created_at
                        FROM orders o JOIN customer c ON c.id = o.customer_id
                        WHERE o.id > :after ORDER BY o.id LIMIT :size""")
                .bind("after", after)
                .bind("size", size)
                .map(row -> new OrderSummary(
                        Rows.getLong(row, "id"),
                        Rows.getLong(row, "customer_id"),
                        Rows.get(row, "name"),
                        Rows.getLong(row, "total_cents"),
                        Rows.getInstant(row, "created_at")))
                .all()
                .collectList()
                .doOnNext(orders -> pagedRows.addAndGet(orders.size()))
                .map(orders -> new OrderPage(
                        orders, orders.isEmpty() ? after : orders.getLast().id()));
    }

    /**
     * Counts a customer's orders and what they spent.
     *
     * @param customerId the customer
     * @return the statistics, zero for a customer without orders
     */
    public Mono<OrderStats> stats(long customerId) {
        return db.sql("""
                        SELECT COUNT(*) AS order_count,
                               CAST(COALESCE(SUM(subtotal_cents + shipping_cents), 0) AS BIGINT) AS total_cents
                        FROM orders WHERE customer_id = :customerId""")
                .bind("customerId", customerId)
                .map(row -> new OrderStats(Rows.getLong(row, "order_count"), Rows.getLong(row, "total_cents")))
                .one();
    }

    /**
     * Returns how many order rows {@link #page} has read since start: what bounds the stream's read-ahead.
     *
     * @return rows read by the order stream
     */
    public long pagedRows() {
        return pagedRows.get();
    }

    private static Order withLines(Order order, List<OrderLine> lines) {
        return new Order(
                order.id(),
                order.customerId(),
                order.status(),
                order.subtotalCents(),
                order.shippingCents(),
                order.createdAt(),
                lines);
    }
}
