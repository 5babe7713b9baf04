package dev.coro;

/**
 * One permit of a {@link Semaphore} or the lock of a {@link Mutex}, as emitted by their {@code permit()} Mono:
 * {@link #close()} gives it back.
 *
 * <p>Close it from any thread, exactly when the guarded work ends; closing again does nothing, so a permit can never be
 * released twice. Prefer {@code withPermit}/{@code withLock}, which close it on complete, error and cancel.
 *
 * <pre>{@code
 * Mono<Report> report = semaphore.permit().flatMap(permit -> render().doFinally(signal -> permit.close()));
 * }</pre>
 */
public interface Permit extends AutoCloseable {

    /**
     * Releases the permit (hands it to the oldest waiter, if any); idempotent.
     *
     * <p>Callable from any thread; never blocks.
     *
     * <pre>{@code
     * try (Permit p = Coro.await(mutex.permit())) { update(); }
     * }</pre>
     */
    @Override
    void close();
}
