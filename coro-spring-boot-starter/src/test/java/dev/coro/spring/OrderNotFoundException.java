package dev.coro.spring;

/** Thrown by test handlers; mapped to 404 by {@link OrderController}'s own {@code @ExceptionHandler}. */
class OrderNotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    OrderNotFoundException(long id) {
        super("no order " + id);
    }
}
