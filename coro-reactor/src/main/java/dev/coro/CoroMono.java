package dev.coro;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/** {@code Coro.mono}: a cold Mono whose every subscription runs the body in a new coroutine. */
final class CoroMono<T> extends Mono<T> {

    private final CoroutineBody<T> body;
    private final @Nullable String name;

    CoroMono(CoroutineBody<T> body, @Nullable String name) {
        this.body = body;
        this.name = name;
    }

    @Override
    public void subscribe(CoreSubscriber<? super T> actual) {
        Context context = actual.currentContext();
        CoroScheduler scheduler = CoroScheduler.from(context);
        MonoCoroutine<T> coroutine =
                new MonoCoroutine<>(name != null ? name : scheduler.nextName("mono"), context, scheduler, actual);
        actual.onSubscribe(coroutine);
        if (!coroutine.isTerminated()) {
            coroutine.start(body, coroutine);
        }
    }

    /**
     * The coroutine, its subscription and its completion in one object: 80 bytes per parked coroutine, where a
     * coroutine and a subscription of its own took 64 + 32.
     *
     * <p>Emits the body's outcome once it exists and, for a value, once it is requested. Every signal is sent by
     * whoever wins the transition to DONE, so signals stay serial (§1.3) whatever threads race.
     */
    static final class MonoCoroutine<T> extends Coroutine implements Subscription, Coroutine.Completion<T> {

        private static final int NO_REQUEST_NO_VALUE = 0;
        private static final int HAS_REQUEST_NO_VALUE = 1;
        private static final int NO_REQUEST_HAS_VALUE = 2;
        private static final int DONE = 3;

        @SuppressWarnings("rawtypes")
        private static final AtomicIntegerFieldUpdater<MonoCoroutine> STATE =
                AtomicIntegerFieldUpdater.newUpdater(MonoCoroutine.class, "state");

        private final CoreSubscriber<? super T> actual;
        private @Nullable T value;
        private volatile int state;

        MonoCoroutine(String name, Context context, CoroScheduler scheduler, CoreSubscriber<? super T> actual) {
            super(name, context, scheduler);
            this.actual = actual;
        }

        boolean isTerminated() {
            return state == DONE;
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                if (STATE.getAndSet(this, DONE) != DONE) {
                    super.cancel();
                    actual.onError(Exceptions.nullOrNegativeRequestException(n)); // §3.9
                }
                return;
            }
            for (; ; ) {
                int s = state;
                if (s == NO_REQUEST_HAS_VALUE) {
                    if (STATE.compareAndSet(this, s, DONE)) {
                        emit();
                        return;
                    }
                } else if (s == NO_REQUEST_NO_VALUE) {
                    if (STATE.compareAndSet(this, s, HAS_REQUEST_NO_VALUE)) {
                        return;
                    }
                } else {
                    return;
                }
            }
        }

        /**
         * The Subscription's cancel, which is also {@link Coroutine#cancel()}'s override: whoever cancels this
         * coroutine ends its subscription, so that nothing reaches the subscriber afterwards.
         */
        @Override
        public void cancel() {
            int previous = STATE.getAndSet(this, DONE);
            if (previous == DONE) {
                return;
            }
            super.cancel();
            if (previous == NO_REQUEST_HAS_VALUE) {
                Operators.onDiscard(value, actual.currentContext());
                value = null;
            }
        }

        @Override
        public void complete(@Nullable T result) {
            if (result == null) {
                if (STATE.getAndSet(this, DONE) != DONE) {
                    actual.onComplete();
                }
                return;
            }
            value = result;
            for (; ; ) {
                int s = state;
                if (s == HAS_REQUEST_NO_VALUE) {
                    if (STATE.compareAndSet(this, s, DONE)) {
                        emit();
                        return;
                    }
                } else if (s == NO_REQUEST_NO_VALUE) {
                    if (STATE.compareAndSet(this, s, NO_REQUEST_HAS_VALUE)) {
                        return;
                    }
                } else {
                    value = null;
                    Operators.onDiscard(result, actual.currentContext());
                    return;
                }
            }
        }

        @Override
        public void fail(Throwable error) {
            if (STATE.getAndSet(this, DONE) != DONE) {
                actual.onError(error);
            } else if (!endedByCancel(error)) {
                // After cancel nothing reaches the subscriber (§1.8), but a real failure is not lost. The body's
                // InterruptedException from the cancel's own interrupt is no failure: no ERROR per disconnect.
                Operators.onErrorDropped(error, actual.currentContext());
            }
        }

        private void emit() {
            T v = value;
            value = null;
            if (v != null) {
                actual.onNext(v);
            }
            actual.onComplete();
        }
    }
}
