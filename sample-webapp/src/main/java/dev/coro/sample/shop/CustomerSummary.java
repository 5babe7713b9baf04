package dev.coro.sample.shop;

import dev.coro.sample.downstream.Loyalty;
import dev.coro.sample.downstream.Recommendations;

/**
 * A customer with data gathered from three independent sources.
 *
 * @param customer the customer
 * @param orders order statistics from the database
 * @param loyalty loyalty status from the downstream service
 * @param recommendations recommended products from the downstream service
 */
public record CustomerSummary(Customer customer, OrderStats orders, Loyalty loyalty, Recommendations recommendations) {}
