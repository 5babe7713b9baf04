package dev.coro.sample;

import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.springframework.r2dbc.core.DatabaseClient;

/** Test fixtures and checks straight on the database, bypassing the API under test. */
final class ShopDatabase {

    private final DatabaseClient db;

    ShopDatabase(DatabaseClient db) {
        this.db = db;
    }

    long newProduct(String name, long priceCents, int stock) {
        return Objects.requireNonNull(db.sql("INSERT INTO product (name, price_cents, stock) VALUES (:n, :p, :s)")
                .bind("n", name)
                .bind("p", priceCents)
                .bind("s", stock)
                .filter(statement -> statement.returnGeneratedValues("id"))
                .map(row -> row.get("id", Long.class))
                .one()
                .block());
    }

    int stock(long productId) {
        return Objects.requireNonNull(db.sql("SELECT stock FROM product WHERE id = :id")
                .bind("id", productId)
                .map(row -> row.get("stock", Integer.class))
                .one()
                .block());
    }

    long orderCount() {
        return Objects.requireNonNull(db.sql("SELECT COUNT(*) AS n FROM orders")
                .map(row -> row.get("n", Long.class))
                .one()
                .block());
    }

    long lineCount() {
        return Objects.requireNonNull(db.sql("SELECT COUNT(*) AS n FROM order_line")
                .map(row -> row.get("n", Long.class))
                .one()
                .block());
    }

    List<Long> orderIds() {
        return Objects.requireNonNull(db.sql("SELECT id FROM orders ORDER BY id")
                .map(row -> Objects.requireNonNull(row.get("id", Long.class)))
                .all()
                .collectList()
                .block());
    }

    long[] customerStats(long customerId) {
        return Objects.requireNonNull(db.sql("""
                        SELECT COUNT(*) AS n, CAST(COALESCE(SUM(subtotal_cents + shipping_cents), 0) AS BIGINT) AS t
                        FROM orders WHERE customer_id = :c""")
                .bind("c", customerId)
                .map(row -> new long[] {
                    Objects.requireNonNull(row.get("n", Long.class)), Objects.requireNonNull(row.get("t", Long.class))
                })
                .one()
                .block());
    }

    /** Inserts {@code count} line-less orders of customer 1 in a few multi-row statements; returns the last id. */
    long insertOrders(int count) {
        for (int done = 0; done < count; ) {
            int chunk = Math.min(500, count - done);
            db.sql("INSERT INTO orders (customer_id, status, subtotal_cents, shipping_cents, created_at) VALUES "
                            + String.join(", ", Collections.nCopies(chunk, "(1, 'PLACED', 100, 0, CURRENT_TIMESTAMP)")))
                    .then()
                    .block();
            done += chunk;
        }
        return orderIds().getLast();
    }

    void deleteOrdersAfter(long id) {
        db.sql("DELETE FROM orders WHERE id > :id").bind("id", id).then().block();
    }
}
