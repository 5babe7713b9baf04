package dev.coro.sample.downstream;

import java.util.List;

/**
 * Products recommended to a customer by the downstream recommendation service.
 *
 * @param customerId the customer
 * @param productIds recommended product ids, best first
 */
public record Recommendations(long customerId, List<Long> productIds) {}
