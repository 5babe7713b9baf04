package dev.coro.sample.shop;

/**
 * One line of an order, priced when the order was placed.
 *
 * @param productId the product ordered
 * @param productName its name at the time of ordering
 * @param quantity units ordered
 * @param unitPriceCents price of one unit in cents
 */
public record OrderLine(long productId, String productName, int quantity, long unitPriceCents) {

    /**
     * Returns quantity times unit price.
     *
     * @return the line's amount in cents
     */
    public long amountCents() {
        return quantity * unitPriceCents;
    }
}
