package dev.coro;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * A Mono clause of a select: records the Mono's one outcome, then claims the select's waiter if it waits. A losing
 * Mono is cancelled; a value it produced anyway is discarded exactly once, by whichever of {@link #onNext} and
 * {@link #lose()} comes second (one CAS on {@link #phase} decides).
 */
final class SelectMono implements CoreSubscriber<Object> {

    /** The scan's outcome for a Mono clause that is done: its value or error is read from the SelectMono. */
    static final Object DONE = new Object() {
        @Override
        public String toString() {
            return "mono done";
        }
    };

    private static final int EMPTY = 0;
    private static final int OUTCOME = 1;
    private static final int LOST = 2;

    private static final AtomicReferenceFieldUpdater<SelectMono, @Nullable Subscription> S =
            AtomicReferenceFieldUpdater.newUpdater(SelectMono.class, Subscription.class, "s");
    private static final AtomicIntegerFieldUpdater<SelectMono> PHASE =
            AtomicIntegerFieldUpdater.newUpdater(SelectMono.class, "phase");

    private final ChannelWaiter waiter;
    final int clause;
    private final Context context;
    private volatile @Nullable Subscription s;
    private volatile int phase;
    private @Nullable Object value;
    private @Nullable Throwable error;

    SelectMono(ChannelWaiter waiter, int clause, Context context) {
        this.waiter = waiter;
        this.clause = clause;
        this.context = context;
    }

    @Override
    public Context currentContext() {
        return context;
    }

    @Override
    public void onSubscribe(Subscription subscription) {
        // setOnce: a Mono whose onSubscribe arrives after the select ended is cancelled at once.
        if (Operators.setOnce(S, this, subscription)) {
            subscription.request(Long.MAX_VALUE);
        }
    }

    @Override
    public void onNext(Object t) {
        value = t;
        record(t);
    }

    @Override
    public void onError(Throwable t) {
        error = t;
        record(null);
    }

    @Override
    public void onComplete() {
        record(null);
    }

    private void record(@Nullable Object t) {
        if (PHASE.compareAndSet(this, EMPTY, OUTCOME)) {
            waiter.claim(clause);
        } else if (phase == LOST && t != null) {
            Selector.discard(t, context);
        }
    }

    boolean isDone() {
        return phase == OUTCOME;
    }

    @Nullable
    Object value() {
        return value;
    }

    @Nullable
    Throwable error() {
        return error;
    }

    /** Another clause won (or the select was cancelled): cancel the Mono, discard a value it produced. */
    void lose() {
        Operators.terminate(S, this);
        if (PHASE.getAndSet(this, LOST) == OUTCOME) {
            Selector.discard(value, context);
        }
    }
}
