package dev.coro;

import reactor.core.scheduler.Schedulers;

/** Refuses to wait on a Reactor non-blocking thread (an event loop), naming the operation and the fix. */
final class NonBlockingGuard {

    private NonBlockingGuard() {}

    static void check(String operation) {
        if (Schedulers.isInNonBlockingThread()) {
            throw new IllegalStateException(operation + " called outside a coroutine on non-blocking thread '"
                    + Thread.currentThread().getName() + "': waiting here would block the event loop. Run the "
                    + "calling code as a coroutine: wrap it in Coro.mono(() -> ...) or annotate the handler with "
                    + "@Coroutine");
        }
    }
}
