package dev.coro;

import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * A mutual-exclusion lock for coroutines and Reactor chains alike: {@link #lock()} suspends a coroutine (not a
 * thread) until the mutex is free, and {@link #withLock(Mono)} serializes reactive work.
 *
 * <p><b>Threading, cancellation, backpressure.</b> Not reentrant and not owned by a thread: the coroutine that locks
 * may resume on another carrier, and any coroutine or thread may unlock. Strictly FIFO; a waiter cancelled while queued
 * leaves the queue, and one cancelled as the lock is granted passes it on, so the mutex is never left locked by nobody
 * (a raw {@link #permit()} its subscriber drops comes back only when collected: see {@link Semaphore#permit()}). Use it
 * instead of {@code synchronized} or {@code ReentrantLock} around awaits: those hold a thread (and on JDK 21 pin the
 * carrier) while the coroutine is suspended.
 *
 * <pre>{@code
 * Mutex accountLock = Coro.mutex();
 * Balance b = accountLock.withLock(() -> {
 *     Balance current = await(accounts.balance(id));
 *     return await(accounts.save(current.minus(amount)));
 * });
 * }</pre>
 */
public final class Mutex {

    private final PermitQueue queue = new PermitQueue(
            1, ": the mutex is not locked. Unlock exactly once per successful lock() or tryLock() that returned true");

    Mutex() {}

    /**
     * Locks the mutex, suspending the coroutine until it is free.
     *
     * <p><b>Threading, cancellation, backpressure.</b> As the class documentation: FIFO; cancelling the coroutine
     * while it waits throws {@link java.util.concurrent.CancellationException} and leaves the mutex as it was.
     *
     * <pre>{@code
     * mutex.lock();
     * try { update(); } finally { mutex.unlock(); }
     * }</pre>
     */
    public void lock() {
        PermitAwait.acquire(queue, "Mutex.lock()", "Mutex.unlock()");
    }

    /**
     * Locks the mutex if it is free and nobody waits; never waits.
     *
     * <p>Callable from any thread, including event loops.
     *
     * <pre>{@code
     * if (mutex.tryLock()) { try { refresh(); } finally { mutex.unlock(); } }
     * }</pre>
     *
     * @return whether the mutex was locked by this call
     */
    public boolean tryLock() {
        return queue.tryAcquire();
    }

    /**
     * Unlocks the mutex, handing it to the oldest waiter if there is one.
     *
     * <p>Callable from any thread; never blocks.
     *
     * <pre>{@code
     * finally { mutex.unlock(); }
     * }</pre>
     *
     * @throws IllegalStateException when the mutex is not locked
     */
    public void unlock() {
        queue.release("Mutex.unlock()");
    }

    /**
     * Returns whether the mutex is locked right now.
     *
     * <p>A snapshot, callable from any thread.
     *
     * <pre>{@code
     * assert mutex.isLocked();
     * }</pre>
     *
     * @return {@code true} while someone holds the lock
     */
    public boolean isLocked() {
        return queue.available() == 0;
    }

    /**
     * Returns a cold {@code Mono} that waits for the lock and emits it as a {@link Permit}; close it to unlock.
     *
     * <p><b>Threading, cancellation, backpressure.</b> As {@link Semaphore#permit()}.
     *
     * <pre>{@code
     * mutex.permit().flatMap(p -> save(order).doFinally(s -> p.close()));
     * }</pre>
     *
     * @return a Mono of the lock
     */
    public Mono<Permit> permit() {
        return new PermitMono(queue, "Mutex.unlock()");
    }

    /**
     * Returns {@code source} run under the lock: subscribed once the lock is granted, unlocked when it completes,
     * fails or is cancelled.
     *
     * <p><b>Threading, cancellation, backpressure.</b> As {@link #permit()}; built on {@code Mono.usingWhen}.
     *
     * <pre>{@code
     * Mono<Order> saved = mutex.withLock(orders.save(order));
     * }</pre>
     *
     * @param source the work to serialize
     * @param <T> the type of the value
     * @return the guarded Mono
     */
    public <T> Mono<T> withLock(Mono<T> source) {
        Objects.requireNonNull(source, "Mutex.withLock needs a Mono");
        return Mono.usingWhen(
                permit(), p -> source, PermitRelease::release, PermitRelease::release, PermitRelease::release);
    }

    /**
     * Runs {@code body} holding the lock, from a coroutine, and unlocks however the body ends.
     *
     * <p><b>Threading, cancellation, backpressure.</b> As {@link #lock()}; the body runs on the calling coroutine.
     *
     * <pre>{@code
     * mutex.withLock(() -> await(cache.refresh()));
     * }</pre>
     *
     * @param body the work to serialize
     * @param <T> the type of the result
     * @return the body's result
     */
    public <T> @Nullable T withLock(CoroutineBody<T> body) {
        Objects.requireNonNull(body, "Mutex.withLock needs a body");
        lock();
        try {
            return body.call();
        } catch (Exception e) {
            throw Sneaky.raise(e);
        } finally {
            unlock();
        }
    }

    int queued() {
        return queue.queued();
    }

    @Override
    public String toString() {
        return "Mutex[" + (isLocked() ? "locked" : "unlocked") + ", queued=" + queue.queued() + "]";
    }
}
