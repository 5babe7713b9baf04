package dev.coro;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.Exceptions;
import reactor.core.publisher.Operators;
import reactor.util.concurrent.Queues;
import reactor.util.context.Context;

/**
 * {@code Coro.each}: a publisher read as an iterator, with at most {@code prefetch} elements buffered. The consumer is
 * always one thread (the coroutine's), the producer any thread: a single-producer single-consumer queue suffices.
 */
final class EachIterable<T> implements AwaitIterable<T>, Iterator<T>, CoreSubscriber<T>, Suspension.Waitable {

    @SuppressWarnings("rawtypes")
    private static final AtomicReferenceFieldUpdater<EachIterable, @Nullable Subscription> S =
            AtomicReferenceFieldUpdater.newUpdater(EachIterable.class, Subscription.class, "s");

    private final Publisher<T> source;
    private final int prefetch;
    private final int limit;
    private final Queue<T> queue;

    private @Nullable Coroutine coroutine;
    /** Our registration with the coroutine's end, removed by an early close so long-lived coroutines do not pile up. */
    private @Nullable Disposable onExit;

    private Context context = Context.empty();
    private boolean subscribed;
    private int consumed;

    volatile @Nullable Subscription s;
    volatile boolean done;
    private @Nullable Throwable error;
    /** The waiter of {@link Suspension#waiter} while the loop waits for an element. */
    private volatile @Nullable Object parked;

    EachIterable(Publisher<T> source, int prefetch) {
        this.source = source;
        this.prefetch = prefetch;
        this.limit = prefetch == Integer.MAX_VALUE ? Integer.MAX_VALUE : prefetch - (prefetch >> 2);
        this.queue = Queues.<T>get(prefetch).get();
    }

    @Override
    public Iterator<T> iterator() {
        if (subscribed) {
            throw new IllegalStateException(
                    "Coro.each(...) can be iterated only once: it subscribes to the publisher; call Coro.each again");
        }
        coroutine = Suspension.enter("Coro.each");
        subscribed = true;
        if (coroutine != null) {
            context = coroutine.context;
            Disposable exit = this::close;
            onExit = exit;
            coroutine.closeOnExit(exit);
        }
        source.subscribe(this);
        return this;
    }

    @Override
    public boolean hasNext() {
        // Buffered elements do not make the loop deaf to its coroutine's cancel: it stops, and the upstream is
        // cancelled, as at any other wait (issue 9, defect 2).
        Suspension.ensureActive(coroutine, this);
        if (!queue.isEmpty()) {
            return true;
        }
        if (!done) {
            parked = Suspension.waiter(coroutine);
            try {
                Suspension.await(coroutine, source, this);
            } finally {
                parked = null;
            }
        }
        if (!queue.isEmpty()) {
            return true;
        }
        Throwable e = error;
        if (e != null) {
            error = null;
            throw AwaitCallSite.rethrow(e, coroutine);
        }
        return false;
    }

    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException("Coro.each: the publisher has no more elements");
        }
        T value = queue.poll();
        if (++consumed == limit) {
            consumed = 0;
            Subscription current = s;
            if (current != null) {
                current.request(limit);
            }
        }
        return value;
    }

    @Override
    public Context currentContext() {
        return context;
    }

    @Override
    public void onSubscribe(Subscription subscription) {
        if (Operators.setOnce(S, this, subscription)) {
            subscription.request(prefetch == Integer.MAX_VALUE ? Long.MAX_VALUE : prefetch);
        }
    }

    @Override
    public void onNext(T t) {
        if (done) {
            Operators.onNextDropped(t, context);
            return;
        }
        if (!queue.offer(t)) {
            Operators.onDiscard(t, context);
            onError(Operators.onOperatorError(
                    s, Exceptions.failWithOverflow(Exceptions.BACKPRESSURE_ERROR_QUEUE_FULL), t, context));
            return;
        }
        wake();
    }

    @Override
    public void onError(Throwable t) {
        if (done) {
            Operators.onErrorDropped(t, context);
            return;
        }
        error = t;
        done = true;
        wake();
    }

    @Override
    public void onComplete() {
        done = true;
        wake();
    }

    private void wake() {
        // The queue publishes with a release store; the fence orders it before reading `parked` (Dekker with the
        // consumer's volatile write of `parked` followed by its read of the queue).
        java.lang.invoke.VarHandle.fullFence();
        Suspension.wake(parked);
    }

    @Override
    public boolean isReady() {
        return done || !queue.isEmpty();
    }

    /** Called on the consuming thread, which alone may touch the queue's consumer side. */
    @Override
    public void close() {
        Coroutine c = coroutine;
        Disposable exit = onExit;
        if (c != null && exit != null && c.thread == Thread.currentThread()) {
            onExit = null;
            c.removeOnExit(exit);
        }
        dispose();
        // A loop still running ends instead of parking for elements that will never come; late signals are dropped.
        done = true;
        Operators.onDiscardQueueWithClear(queue, context, null);
    }

    /** Called by a cancel from any thread: only the subscription is cancelled here. */
    @Override
    public void dispose() {
        Operators.terminate(S, this);
    }

    @Override
    public boolean isDisposed() {
        return s == Operators.cancelledSubscription();
    }
}
