package dev.coro.sample.shop;

import dev.coro.sample.downstream.ShippingQuote;
import java.time.Instant;
import java.util.List;

/**
 * What the API answers for an order: the order, its customer and a current shipping quote.
 *
 * @param id order id
 * @param status lifecycle state
 * @param createdAt when it was placed
 * @param lines what was ordered
 * @param subtotalCents sum of the lines
 * @param shippingCents shipping charged when placed
 * @param totalCents subtotal plus shipping
 * @param customer who ordered
 * @param shippingQuote what shipping the same items would cost today
 */
public record OrderView(
        long id,
        String status,
        Instant createdAt,
        List<OrderLine> lines,
        long subtotalCents,
        long shippingCents,
        long totalCents,
        Customer customer,
        ShippingQuote shippingQuote) {

    /**
     * Combines an order, its customer and a quote.
     *
     * @param order the order
     * @param customer its customer
     * @param quote a shipping quote for its items
     * @return the view
     */
    public static OrderView of(Order order, Customer customer, ShippingQuote quote) {
        return new OrderView(
                order.id(),
                order.status(),
                order.createdAt(),
                order.lines(),
                order.subtotalCents(),
                order.shippingCents(),
                order.subtotalCents() + order.shippingCents(),
                customer,
                quote);
    }
}
