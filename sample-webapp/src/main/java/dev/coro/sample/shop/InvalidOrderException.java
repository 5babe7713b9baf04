package dev.coro.sample.shop;

/** An order request names a customer or product that does not exist; the API answers 400 with the field. */
public final class InvalidOrderException extends RuntimeException {

    private final String field;

    /**
     * Creates the exception.
     *
     * @param field the request field in error, e.g. {@code "items[1].productId"}
     * @param message what is wrong with it
     */
    public InvalidOrderException(String field, String message) {
        super(message);
        this.field = field;
    }

    /**
     * Returns the request field in error.
     *
     * @return a property path such as {@code "customerId"}
     */
    public String field() {
        return field;
    }

    /**
     * The request's customer does not exist.
     *
     * @param customerId the id given
     * @return the exception
     */
    public static InvalidOrderException unknownCustomer(long customerId) {
        return new InvalidOrderException("customerId", "customer " + customerId + " does not exist");
    }

    /**
     * A product of the request does not exist.
     *
     * @param index the item's position in the request
     * @param productId the id given
     * @return the exception
     */
    public static InvalidOrderException unknownProduct(int index, long productId) {
        return new InvalidOrderException("items[" + index + "].productId", "product " + productId + " does not exist");
    }
}
