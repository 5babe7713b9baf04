package dev.coro.benchmarks.http;

import java.time.Instant;
import java.util.List;

/** The sample shop's records (dev.coro.sample.shop), with the same fields, so the JSON answers are the same. */
public final class Records {

    private Records() {}

    /** A customer. */
    public record Customer(long id, String name, String email, String country) {}

    /** One line of an order. */
    public record OrderLine(long productId, String productName, int quantity, long unitPriceCents) {}

    /** An order with its lines. */
    public record Order(
            long id,
            long customerId,
            String status,
            long subtotalCents,
            long shippingCents,
            Instant createdAt,
            List<OrderLine> lines) {

        /** @return the units ordered over all lines */
        public int itemCount() {
            return lines.stream().mapToInt(OrderLine::quantity).sum();
        }
    }

    /** A shipping quote of the simulated downstream. */
    public record ShippingQuote(String carrier, long priceCents, int days) {}

    /** What {@code GET /api/{variant}/orders/{id}} answers. */
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

        /** @return the view of an order, its customer and a quote */
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
}
