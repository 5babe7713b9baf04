package dev.coro.conformance.kotlinx;

/** kotlinx.coroutines' {@code TestException}: a failure no library code throws by itself. */
final class TestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TestException() {
        super("test failure");
    }

    TestException(String message) {
        super(message);
    }
}
