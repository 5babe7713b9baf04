package dev.coro;

import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * A counting semaphore for coroutines and Reactor chains alike: {@link #acquire()} suspends a coroutine until a
 * permit is free, {@link #permit()} is a {@code Mono} of one, and {@link #withPermit(Mono)} bounds a reactive call.
 *
 * <p><b>Threading, cancellation, backpressure.</b> Strictly FIFO: permits go to waiters in arrival order, whether
 * they are coroutines or subscribers, and {@link #tryAcquire()} never barges past a queue. A waiter cancelled while
 * queued (its coroutine cancelled, its subscription cancelled, a {@code timeout} upstream) leaves the queue; if the
 * cancel races with a grant, the permit is handed on: none is ever lost or released twice. Outside a coroutine,
 * {@code acquire} blocks the thread (and refuses an event loop). Pick it over {@code flatMap(f, concurrency)} when the
 * calls to bound come from many independent requests or coroutines rather than one stream.
 *
 * <pre>{@code
 * Semaphore backendSlots = Coro.semaphore(8);
 * Mono<Quote> quote = backendSlots.withPermit(client.quote(sku)); // at most 8 calls in flight
 * Quote q = backendSlots.withPermit(() -> await(client.quote(sku))); // same, from a coroutine
 * }</pre>
 */
public final class Semaphore {

    private final PermitQueue queue;
    private final int permits;

    Semaphore(int permits) {
        if (permits < 1) {
            throw new IllegalArgumentException(
                    "Coro.semaphore(" + permits + "): a semaphore needs at least 1 permit; use Coro.mutex() for one");
        }
        this.permits = permits;
        this.queue = new PermitQueue(
                permits,
                ": nothing to release, all " + permits + " permit(s) are free already. Release exactly once per "
                        + "successful acquire() or tryAcquire() that returned true");
    }

    /**
     * Takes a permit, suspending the coroutine until one is free.
     *
     * <p><b>Threading, cancellation, backpressure.</b> As the class documentation: FIFO; cancelling the coroutine
     * while it waits throws {@link java.util.concurrent.CancellationException} and no permit is taken.
     *
     * <pre>{@code
     * slots.acquire();
     * try { return await(client.call()); } finally { slots.release(); }
     * }</pre>
     */
    public void acquire() {
        PermitAwait.acquire(queue, "Semaphore.acquire()", "Semaphore.release()");
    }

    /**
     * Takes a permit if one is free and nobody is queued; never waits.
     *
     * <p>Callable from any thread, including event loops.
     *
     * <pre>{@code
     * if (!slots.tryAcquire()) return Mono.error(new TooBusyException());
     * }</pre>
     *
     * @return whether a permit was taken
     */
    public boolean tryAcquire() {
        return queue.tryAcquire();
    }

    /**
     * Gives a permit back: to the oldest waiter if there is one, else to the pool.
     *
     * <p>Callable from any thread; never blocks. The waiter it wakes runs on its own thread (a subscriber's
     * {@code onNext} runs here).
     *
     * <pre>{@code
     * finally { slots.release(); }
     * }</pre>
     *
     * @throws IllegalStateException when every permit is free already: a release without an acquire
     */
    public void release() {
        queue.release("Semaphore.release()");
    }

    /**
     * Returns the number of permits free right now.
     *
     * <p>A snapshot, callable from any thread.
     *
     * <pre>{@code
     * metrics.gauge("backend.slots.free", slots, Semaphore::availablePermits);
     * }</pre>
     *
     * @return free permits, between 0 and the semaphore's size
     */
    public int availablePermits() {
        return queue.available();
    }

    /**
     * Returns a cold {@code Mono} that waits for a permit and emits it; close the {@link Permit} to release it.
     *
     * <p><b>Threading, cancellation, backpressure.</b> Each subscription queues (FIFO) and emits once granted and
     * requested, on the releasing thread. Cancelling before the permit is emitted removes the subscription from the
     * queue, or releases a permit granted meanwhile. A cancel that arrives while the permit is already on its way to
     * {@code onNext} cannot stop it (Reactive Streams §2.8), and a plain {@code subscribe(...)} or a {@code timeout}
     * drops it then: such a dropped permit is released only when the garbage collector finds it, so prefer
     * {@link #withPermit(Mono)}, which never drops it.
     *
     * <pre>{@code
     * slots.permit().flatMap(p -> client.call().doFinally(s -> p.close()));
     * }</pre>
     *
     * @return a Mono of one permit
     */
    public Mono<Permit> permit() {
        return new PermitMono(queue, "Semaphore.release()");
    }

    /**
     * Returns {@code source} guarded by a permit: subscribed once a permit is granted, the permit released when it
     * completes, fails or is cancelled.
     *
     * <p><b>Threading, cancellation, backpressure.</b> As {@link #permit()}; built on {@code Mono.usingWhen}.
     *
     * <pre>{@code
     * Mono<Quote> quote = slots.withPermit(client.quote(sku));
     * }</pre>
     *
     * @param source the work to guard; subscribed once per subscription
     * @param <T> the type of the value
     * @return the guarded Mono
     */
    public <T> Mono<T> withPermit(Mono<T> source) {
        Objects.requireNonNull(source, "Semaphore.withPermit needs a Mono");
        return Mono.usingWhen(
                permit(), p -> source, PermitRelease::release, PermitRelease::release, PermitRelease::release);
    }

    /**
     * Runs {@code body} holding a permit, from a coroutine, and releases it however the body ends.
     *
     * <p><b>Threading, cancellation, backpressure.</b> As {@link #acquire()}; the body runs on the calling
     * coroutine.
     *
     * <pre>{@code
     * Quote q = slots.withPermit(() -> await(client.quote(sku)));
     * }</pre>
     *
     * @param body the guarded work
     * @param <T> the type of the result
     * @return the body's result
     */
    public <T> @Nullable T withPermit(CoroutineBody<T> body) {
        Objects.requireNonNull(body, "Semaphore.withPermit needs a body");
        acquire();
        try {
            return body.call();
        } catch (Exception e) {
            throw Sneaky.raise(e);
        } finally {
            release();
        }
    }

    @Override
    public String toString() {
        return "Semaphore[permits=" + permits + ", available=" + queue.available() + ", queued=" + queue.queued() + "]";
    }

    int queued() {
        return queue.queued();
    }
}
