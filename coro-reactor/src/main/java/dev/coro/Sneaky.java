package dev.coro;

/** Rethrows any throwable, checked ones included, as the very same object. */
final class Sneaky {

    private Sneaky() {}

    /** Never returns; declared to return so that callers can write {@code throw Sneaky.raise(t)}. */
    static RuntimeException raise(Throwable t) {
        throw Sneaky.<RuntimeException>doRaise(t);
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E doRaise(Throwable t) throws E {
        throw (E) t;
    }
}
