package dev.coro.sample.shop;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** Reads products and reserves stock; shared by every API variant. */
@Repository
public class ProductRepository {

    private final DatabaseClient db;

    ProductRepository(DatabaseClient db) {
        this.db = db;
    }

    /**
     * Finds a product.
     *
     * @param id the product's id
     * @return the product, or empty when there is none
     */
    public Mono<Product> findById(long id) {
        return db.sql("SELECT id, name, price_cents, stock FROM product WHERE id = :id")
                .bind("id", id)
                .map(row -> new Product(
                        Rows.getLong(row, "id"),
                        Rows.get(row, "name"),
                        Rows.getLong(row, "price_cents"),
                        Rows.getInt(row, "stock")))
                .one();
    }

    /**
     * Takes {@code quantity} units out of stock if that many are there, in one statement, so that two orders can
     * never both take the last unit.
     *
     * @param productId the product
     * @param quantity the units to take
     * @return {@code true} when reserved, {@code false} when the stock was too low (and is unchanged)
     */
    public Mono<Boolean> reserve(long productId, int quantity) {
        return db.sql("UPDATE product SET stock = stock - :quantity WHERE id = :id AND stock >= :quantity")
                .bind("quantity", quantity)
                .bind("id", productId)
                .fetch()
                .rowsUpdated()
                .map(updated -> updated == 1);
    }

    /**
     * Puts {@code quantity} units back into stock.
     *
     * @param productId the product
     * @param quantity the units to add
     * @return {@code true} when the product exists (and was restocked)
     */
    public Mono<Boolean> restock(long productId, int quantity) {
        return db.sql("UPDATE product SET stock = stock + :quantity WHERE id = :id")
                .bind("quantity", quantity)
                .bind("id", productId)
                .fetch()
                .rowsUpdated()
                .map(updated -> updated == 1);
    }
}
