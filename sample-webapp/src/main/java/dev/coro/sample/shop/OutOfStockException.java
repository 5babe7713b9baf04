package dev.coro.sample.shop;

/** A product has fewer units than an order asks for; the API answers 409 and nothing is written. */
public final class OutOfStockException extends RuntimeException {

    private final long productId;
    private final int requested;
    private final int available;

    /**
     * Creates the exception.
     *
     * @param product the product, as read before the reservation failed
     * @param requested the units asked for
     */
    public OutOfStockException(Product product, int requested) {
        super("product " + product.id() + " (" + product.name() + ") has " + product.stock() + " in stock, " + requested
                + " requested");
        this.productId = product.id();
        this.requested = requested;
        this.available = product.stock();
    }

    /**
     * Returns the product that ran out.
     *
     * @return its id
     */
    public long productId() {
        return productId;
    }

    /**
     * Returns the units asked for.
     *
     * @return the quantity requested
     */
    public int requested() {
        return requested;
    }

    /**
     * Returns the units that were in stock.
     *
     * @return the stock when read
     */
    public int available() {
        return available;
    }
}
