package dev.coro;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * Drains a publisher into a channel with bounded demand: at most {@code buffer} values are requested beyond what
 * receivers have taken, so the channel (unlimited underneath, so that onNext never blocks a Reactor thread) holds at
 * most {@code buffer} values. Demand is refilled in batches of three quarters, as Reactor's prefetching operators do.
 */
final class ChannelFeed<T> implements CoreSubscriber<T>, Disposable {

    @SuppressWarnings("rawtypes")
    private static final AtomicReferenceFieldUpdater<ChannelFeed, @Nullable Subscription> S =
            AtomicReferenceFieldUpdater.newUpdater(ChannelFeed.class, Subscription.class, "s");

    @SuppressWarnings("rawtypes")
    private static final AtomicIntegerFieldUpdater<ChannelFeed> CONSUMED =
            AtomicIntegerFieldUpdater.newUpdater(ChannelFeed.class, "consumed");

    private final ChannelCore core;
    private final Context context;
    private final int buffer;
    private final int limit;

    volatile @Nullable Subscription s;
    volatile int consumed;

    ChannelFeed(ChannelCore core, Context context, int buffer) {
        this.core = core;
        this.context = context;
        this.buffer = buffer;
        this.limit = Math.max(1, buffer - (buffer >> 2));
    }

    @Override
    public Context currentContext() {
        return context;
    }

    @Override
    public void onSubscribe(Subscription subscription) {
        if (Operators.setOnce(S, this, subscription)) {
            subscription.request(buffer);
        }
    }

    @Override
    public void onNext(T value) {
        // Never blocks: the channel is unlimited and demand bounds what is in it.
        if (offer(value) != ChannelCore.SENT) {
            Operators.onDiscard(value, context);
            dispose();
        }
    }

    @Override
    public void onError(Throwable error) {
        // Behind the values already sent, unlike the channel's error(), which drops them.
        offer(new FeedError(error));
        onComplete();
    }

    @Override
    public void onComplete() {
        core.lock.lock();
        try {
            core.closeLocked(null);
        } finally {
            core.lock.unlock();
        }
    }

    private Object offer(Object value) {
        core.lock.lock();
        try {
            return core.trySendLocked(value);
        } finally {
            core.lock.unlock();
        }
    }

    /** A receiver took one value out: refill demand once a batch is consumed. */
    void consumed() {
        for (; ; ) {
            int c = consumed;
            int next = c + 1 == limit ? 0 : c + 1;
            if (CONSUMED.compareAndSet(this, c, next)) {
                if (next == 0) {
                    Subscription current = s;
                    if (current != null) {
                        current.request(limit);
                    }
                }
                return;
            }
        }
    }

    @Override
    public void dispose() {
        Operators.terminate(S, this);
    }

    @Override
    public boolean isDisposed() {
        return s == Operators.cancelledSubscription();
    }
}
