package dev.coro;

import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * {@code Coro.flux}: a cold Flux whose every subscription runs the generator in a new coroutine, started by the first
 * request.
 *
 * <p>Elements are emitted on the generator's own thread while there is demand: no queue, no hand-off per element.
 * Demand is counted per batch: {@code yield} compares a thread-local count against the last snapshot of
 * {@code requested} and touches the shared counter only when the snapshot is used up, as Reactor's own sources do.
 */
final class GeneratorFlux<T> extends Flux<T> {

    private final FluxBody<T> body;
    private final @Nullable String name;

    GeneratorFlux(FluxBody<T> body, @Nullable String name) {
        this.body = body;
        this.name = name;
    }

    @Override
    public void subscribe(CoreSubscriber<? super T> actual) {
        actual.onSubscribe(new GeneratorSubscription<>(actual, body, name));
    }

    static final class GeneratorSubscription<T>
            implements Subscription, Emitter<T>, Coroutine.Completion<Void>, Suspension.Waitable {

        private static final int NEW = 0;
        private static final int STARTED = 1;
        private static final int TERMINATED = 2;

        @SuppressWarnings("rawtypes")
        private static final AtomicLongFieldUpdater<GeneratorSubscription> REQUESTED =
                AtomicLongFieldUpdater.newUpdater(GeneratorSubscription.class, "requested");

        @SuppressWarnings("rawtypes")
        private static final AtomicIntegerFieldUpdater<GeneratorSubscription> STATE =
                AtomicIntegerFieldUpdater.newUpdater(GeneratorSubscription.class, "state");

        private final CoreSubscriber<? super T> actual;
        private final FluxBody<T> body;
        private final @Nullable String name;

        volatile long requested;
        volatile int state;
        volatile boolean cancelled;
        /** An error to end with instead of the body's outcome: a §3.9 bad request, or a yield(null). */
        volatile @Nullable Throwable pendingError;

        private volatile @Nullable Coroutine coroutine;
        /** The generator's coroutine while it waits for demand: whom {@code request} wakes. */
        private volatile @Nullable Coroutine parked;

        // Touched only on the generator's thread.
        private long emitted;
        private long limit;

        GeneratorSubscription(CoreSubscriber<? super T> actual, FluxBody<T> body, @Nullable String name) {
            this.actual = actual;
            this.body = body;
            this.name = name;
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                badRequest(n);
                return;
            }
            Operators.addCap(REQUESTED, this, n);
            if (state == NEW && STATE.compareAndSet(this, NEW, STARTED)) {
                start();
                return;
            }
            Suspension.wake(parked);
        }

        private void start() {
            Context context = actual.currentContext();
            CoroScheduler scheduler = CoroScheduler.from(context);
            Coroutine c = new Coroutine(name != null ? name : scheduler.nextName("flux"), context, scheduler);
            coroutine = c;
            if (cancelled) {
                return; // cancelled before its coroutine started: nothing to run, nothing to report
            }
            if (pendingError != null) {
                c.cancel(); // runs only to deliver the pending error
            }
            c.start(
                    () -> {
                        body.generate(this);
                        return null;
                    },
                    this);
        }

        private void badRequest(long n) {
            IllegalArgumentException error = Exceptions.nullOrNegativeRequestException(n); // §3.9
            if (STATE.compareAndSet(this, NEW, TERMINATED)) {
                actual.onError(error);
                return;
            }
            // The generator's thread may be inside onNext right now: it delivers the error itself, keeping §1.3.
            pendingError = error;
            Coroutine c = coroutine;
            if (c != null) {
                c.cancel();
            }
        }

        @Override
        public void cancel() {
            if (cancelled) {
                return;
            }
            cancelled = true;
            if (STATE.compareAndSet(this, NEW, TERMINATED)) {
                return;
            }
            Coroutine c = coroutine;
            if (c != null) {
                c.cancel();
            }
        }

        @Override
        public void yield(T value) {
            Coroutine c = coroutine;
            if (c == null || c.thread != Thread.currentThread()) {
                throw new IllegalStateException("Emitter.yield called on thread '"
                        + Thread.currentThread().getName()
                        + "', which is not the generator's own coroutine"
                        + (c != null ? " '" + c.name + "'" : "")
                        + ": yield only from the body passed to Coro.flux, not from callbacks or other threads");
            }
            if (value == null) {
                NullPointerException npe = new NullPointerException(
                        "Emitter.yield(null): Reactive Streams §2.13 forbids null elements; the Flux fails with this "
                                + "error. Skip the element, or yield an Optional or a placeholder value instead");
                if (pendingError == null) {
                    pendingError = npe;
                }
                throw npe;
            }
            if (cancelled || pendingError != null) {
                throw c.cancellation();
            }
            if (emitted == limit) {
                limit = awaitDemand(c);
                emitted = 0;
            }
            try {
                actual.onNext(value);
            } catch (Throwable e) {
                throw subscriberFailed(c, e, value);
            }
            emitted++;
        }

        /**
         * The subscriber's onNext threw, which §2.13 forbids: as Reactor does, that subscriber counts as cancelled and
         * gets the error through {@code onError}, after Reactor's operator-error hook; the generator is cancelled, so
         * its {@code yield} throws CancellationException (the subscriber's error as cause) and its {@code finally}
         * blocks run. See docs/adr/0007-flux-subscriber-onnext-throws.md.
         */
        private CancellationException subscriberFailed(Coroutine c, Throwable e, T value) {
            Exceptions.throwIfJvmFatal(e);
            Context context = actual.currentContext();
            Throwable error = Operators.onOperatorError(this, e, value, context);
            // cancel() marks the subscription done before onError, so the body's end sends nothing more (§1.7).
            cancel();
            actual.onError(error);
            CancellationException cancellation = c.cancellation();
            cancellation.initCause(error);
            return cancellation;
        }

        /**
         * Parks until the subscriber wants one more element, so that the next {@code yield} does not wait: for a body
         * that must not take a value out of somewhere before it is requested ({@code Channel.asFlux()}).
         */
        void awaitDemand() {
            Coroutine c = java.util.Objects.requireNonNull(coroutine);
            if (cancelled || pendingError != null) {
                throw c.cancellation();
            }
            if (emitted == limit) {
                limit = awaitDemand(c);
                emitted = 0;
            }
        }

        /** Returns the new demand snapshot, parking the coroutine while there is none. */
        private long awaitDemand(Coroutine c) {
            long r = Operators.produced(REQUESTED, this, emitted);
            if (r == 0) {
                parked = c;
                try {
                    Suspension.await(c, "demand from " + actual.getClass().getSimpleName(), this);
                } finally {
                    parked = null;
                }
                if (cancelled || pendingError != null) {
                    throw c.cancellation();
                }
                r = requested;
            }
            return r;
        }

        /** Ready to go on: demand arrived, or the generator must unwind. */
        @Override
        public boolean isReady() {
            return requested != 0 || cancelled || pendingError != null;
        }

        @Override
        public void dispose() {
            // Waiting for demand subscribes to nothing: a cancel reaches the generator through `cancelled`.
        }

        @Override
        public void complete(@Nullable Void ignored) {
            if (cancelled) {
                return;
            }
            state = TERMINATED;
            Throwable pending = pendingError;
            if (pending != null) {
                actual.onError(pending);
            } else {
                actual.onComplete();
            }
        }

        @Override
        public void fail(Throwable error) {
            Throwable pending = pendingError;
            if (cancelled) {
                Coroutine c = coroutine;
                if (!(error instanceof CancellationException) && (c == null || !c.endedByCancel(error))) {
                    Operators.onErrorDropped(error, actual.currentContext());
                }
                return;
            }
            state = TERMINATED;
            if (pending == null) {
                actual.onError(error);
                return;
            }
            actual.onError(pending);
            if (error != pending && !(error instanceof CancellationException)) {
                Operators.onErrorDropped(error, actual.currentContext());
            }
        }
    }
}
