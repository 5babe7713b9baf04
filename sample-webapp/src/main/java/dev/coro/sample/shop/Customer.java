package dev.coro.sample.shop;

/**
 * A customer of the shop.
 *
 * @param id database id
 * @param name full name
 * @param email contact address
 * @param country ISO 3166 two-letter country code, used for shipping quotes
 */
public record Customer(long id, String name, String email, String country) {}
