package dev.coro.sample.shop;

import java.time.Instant;
import java.util.List;

/**
 * A placed order with its lines.
 *
 * @param id database id
 * @param customerId who ordered
 * @param status lifecycle state, {@code PLACED} for new orders
 * @param subtotalCents sum of the lines in cents
 * @param shippingCents shipping price in cents, quoted when placed
 * @param createdAt when it was placed
 * @param lines what was ordered, in order
 */
public record Order(
        long id,
        long customerId,
        String status,
        long subtotalCents,
        long shippingCents,
        Instant createdAt,
        List<OrderLine> lines) {

    /**
     * Returns the number of units over all lines.
     *
     * @return total quantity
     */
    public int itemCount() {
        return lines.stream().mapToInt(OrderLine::quantity).sum();
    }
}
