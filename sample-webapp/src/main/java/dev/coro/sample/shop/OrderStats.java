package dev.coro.sample.shop;

/**
 * A customer's order history in numbers.
 *
 * @param orderCount how many orders
 * @param totalSpentCents their total, shipping included, in cents
 */
public record OrderStats(long orderCount, long totalSpentCents) {}
