package dev.coro;

import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
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
        this.waiter = Suspension.waiter(coroutine);
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
            if (done) {
                subscription.cancel(); // failed already by a signal before onSubscribe (§1.9)
                return;
            }
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
        if (s == null) {
            Operators.onNextDropped(t, currentContext());
            signalBeforeOnSubscribe("onNext(" + t + ")", null);
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
        if (s == null) {
            signalBeforeOnSubscribe("onError", t);
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
        if (s == null) {
            signalBeforeOnSubscribe("onComplete", null);
            return;
        }
        if (value == null && mode().requiresValue()) {
            error = Await.noElement(mode());
        }
        finish();
    }

    /**
     * A signal before {@code onSubscribe} breaks rule §1.9: the publisher is broken, and whatever it sends cannot be
     * trusted. The await fails with an IllegalStateException naming the rule (kotlinx.coroutines reports the same
     * breach); later signals are dropped through Reactor's hooks. See docs/adr/0008-await-onnext-before-onsubscribe.md.
     */
    private void signalBeforeOnSubscribe(String signal, @Nullable Throwable cause) {
        IllegalStateException e = new IllegalStateException(
                "The awaited publisher called " + signal
                        + " before onSubscribe, which Reactive Streams rule 1.9 forbids: the publisher is broken. Build it "
                        + "with Reactor (Flux.create, Mono.create) or call onSubscribe first",
                cause);
        error = e;
        finish();
    }

    private void finish() {
        done = true;
        Suspension.wake(waiter);
    }

    /**
     * Cancels the upstream; a late signal is then dropped through Reactor's hooks. A value that arrived but is not
     * returned (the coroutine was cancelled as it came) goes to the discard hook, once.
     */
    @Override
    public void dispose() {
        if (Operators.terminate(S, this) && done) {
            T v = value;
            if (v != null) {
                Operators.onDiscard(v, currentContext());
            }
        }
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
