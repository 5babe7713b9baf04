package dev.coro.sample.shop;

import java.util.List;

/**
 * One page of the order stream, in id order.
 *
 * @param orders the orders, possibly none
 * @param cursor the id after which the next page starts: the last order's id, or the requested one when empty
 */
public record OrderPage(List<OrderSummary> orders, long cursor) {

    /**
     * Tells whether the page has no order.
     *
     * @return {@code true} when there was nothing after the cursor
     */
    public boolean isEmpty() {
        return orders.isEmpty();
    }
}
