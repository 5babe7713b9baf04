package dev.coro.sample.downstream;

/**
 * A shipping quote from the downstream shipping service.
 *
 * @param carrier who would ship
 * @param priceCents the price in cents
 * @param days expected delivery time
 */
public record ShippingQuote(String carrier, long priceCents, int days) {}
