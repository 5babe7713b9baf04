package dev.coro.sample.shop;

/**
 * A product with its stock.
 *
 * @param id database id
 * @param name display name
 * @param priceCents unit price in cents
 * @param stock units available to order
 */
public record Product(long id, String name, long priceCents, int stock) {}
