package dev.coro.sample.downstream;

/**
 * A customer's loyalty status from the downstream loyalty service.
 *
 * @param customerId the customer
 * @param tier {@code BRONZE}, {@code SILVER} or {@code GOLD}
 * @param points points collected
 */
public record Loyalty(long customerId, String tier, long points) {}
