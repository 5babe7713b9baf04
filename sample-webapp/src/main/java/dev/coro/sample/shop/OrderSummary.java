package dev.coro.sample.shop;

import java.time.Instant;

/**
 * One element of the order stream.
 *
 * @param id order id
 * @param customerId who ordered
 * @param customerName the customer's name
 * @param totalCents subtotal plus shipping in cents
 * @param createdAt when the order was placed
 */
public record OrderSummary(long id, long customerId, String customerName, long totalCents, Instant createdAt) {}
