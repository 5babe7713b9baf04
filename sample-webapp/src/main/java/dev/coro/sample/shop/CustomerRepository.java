package dev.coro.sample.shop;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** Reads customers; shared by every API variant. */
@Repository
public class CustomerRepository {

    private final DatabaseClient db;

    CustomerRepository(DatabaseClient db) {
        this.db = db;
    }

    /**
     * Finds a customer.
     *
     * @param id the customer's id
     * @return the customer, or empty when there is none
     */
    public Mono<Customer> findById(long id) {
        return db.sql("SELECT id, name, email, country FROM customer WHERE id = :id")
                .bind("id", id)
                .map(row -> new Customer(
                        Rows.getLong(row, "id"),
                        Rows.get(row, "name"),
                        Rows.get(row, "email"),
                        Rows.get(row, "country")))
                .one();
    }
}
