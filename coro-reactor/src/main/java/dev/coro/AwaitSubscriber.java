package dev.coro;

import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/** Receives the one outcome an await waits for and wakes the waiting thread. */
final class AwaitSubscriber<T> implements CoreSubscriber<T>, Suspension.Waitable {

    /** Kotlin's await modes, plus MONO: a Mono's value is taken at onComplete. */
    enum Mode {
        MONO,
        FIRST,
        FIRST_OR_NULL,
        LAST,
        SINGLE;

        boolean requiresValue() {
            return this == FIRST || this == LAST || this == SINGLE;
        }
    }

    @SuppressWarnings("rawtypes")
    private static final AtomicReferenceFieldUpdater<AwaitSubscriber, @Nullable Subscription> S =
            AtomicReferenceFieldUpdater.newUpdater(AwaitSubscriber.class, Subscription.class, "s");

    private static final Mode[] MODES = Mode.values();

    // The waiting coroutine, whose thread and Context these are, or else the waiting thread (with an empty Context),
    // and the mode as a byte: 32 bytes per parked coroutine, where separate context and waiter fields and the enum
    // made 40.
    private final Object waiter;
    private final byte mode;

    volatile @Nullable Subscription s;
    // Written before `done`, read after it: the volatile write/read pair publishes them.
    private @Nullable T value;
    private @Nullable Throwable error;
    volatile boolean done;

    /** A subscriber for the calling thread: {@code coroutine} is the coroutine running on it, if any. */
    AwaitSubscriber(Mode mode, @Nullable Coroutine coroutine) {
        this.mode = (byte) mode.ordinal();
        this.waiter = coroutine != null ? coroutine : Thread.currentThread();
    }

    @Override
    public Context currentContext() {
        return waiter instanceof Coroutine c ? c.context : Context.empty();
    }

    private Mode mode() {
        return MODES[mode];
    }

    @Override
    public void onSubscribe(Subscription subscription) {
        if (Operators.setOnce(S, this, subscription)) {
            // First-variants need one element; the others must see the end of the sequence.
            Mode m = mode();
            subscription.request(m == Mode.FIRST || m == Mode.FIRST_OR_NULL ? 1 : Long.MAX_VALUE);
        }
    }

    @Override
    public void onNext(T t) {
        if (done) {
            Operators.onNextDropped(t, currentContext());
            return;
        }
        switch (mode()) {
            case FIRST, FIRST_OR_NULL -> {
                value = t;
                dispose();
                finish();
            }
            case SINGLE -> {
                if (value != null) {
                    dispose();
                    error = new IllegalArgumentException(
                            "awaitSingle: the publisher emitted more than one element; use awaitFirst to take the first");
                    finish();
                } else {
                    value = t;
                }
            }
            // A Mono's onNext may come before the work that produced it is finished (a transaction's commit,
            // say): the value is handed over at onComplete, as kotlinx.coroutines does.
            case MONO, LAST -> value = t;
        }
    }

    @Override
    public void onError(Throwable t) {
        if (done) {
            Operators.onErrorDropped(t, currentContext());
            return;
        }
        error = t;
        finish();
    }

    @Override
    public void onComplete() {
        if (done) {
            return;
        }
        if (value == null && mode().requiresValue()) {
            error = Await.noElement(mode());
        }
        finish();
    }

    private void finish() {
        done = true;
        LockSupport.unpark(waiter instanceof Coroutine c ? c.thread : (Thread) waiter);
    }

    /** Cancels the upstream; a late signal is then dropped through Reactor's hooks. */
    @Override
    public void dispose() {
        Operators.terminate(S, this);
    }

    @Override
    public boolean isReady() {
        return done;
    }

    @Override
    public boolean isDisposed() {
        return s == Operators.cancelledSubscription();
    }

    @Nullable
    T value() {
        return value;
    }

    @Nullable
    Throwable error() {
        return error;
    }
}
