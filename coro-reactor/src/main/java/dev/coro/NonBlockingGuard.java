package dev.coro;

import reactor.core.scheduler.Schedulers;

/**
 * Refuses to wait on a Reactor non-blocking thread (an event loop), naming the operation, the thread and the fix. Every
 * operation that parks outside a coroutine ({@code Coro.await*}, {@code Coro.each}, channels) calls this one check, so
 * they all fail the same way.
 */
final class NonBlockingGuard {

    private NonBlockingGuard() {}

    /** Throws when the calling thread is a Reactor non-blocking thread; {@code operation} is what the user called. */
    static void check(String operation) {
        if (Schedulers.isInNonBlockingThread()) {
            throw new IllegalStateException(operation + " called outside a coroutine on non-blocking thread '"
                    + Thread.currentThread().getName() + "': waiting here would block the event loop. Run the "
                    + "calling code as a coroutine instead: wrap it in Coro.mono(() -> ...) or Coro.flux(out -> ...), "
                    + "or annotate the WebFlux handler with @Coroutine");
        }
    }
}
