package dev.coro.sample.shop;

import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * The real {@link OrderRepository}, except that {@link #stats} first waits for a gate that a test controls: it makes
 * the moment the stats query is made observable (in this package only for the repository's package-private
 * constructor). Not final: as an {@code @Repository}, it gets a proxy for exception translation.
 */
public class GatedOrderRepository extends OrderRepository {

    private final Mono<Void> gate;

    /**
     * @param db the shop's database
     * @param gate subscribed to, and waited for, by every {@link #stats} call before the query; an error fails it
     */
    public GatedOrderRepository(DatabaseClient db, Mono<Void> gate) {
        super(db);
        this.gate = gate;
    }

    @Override
    public Mono<OrderStats> stats(long customerId) {
        return gate.then(super.stats(customerId));
    }
}
