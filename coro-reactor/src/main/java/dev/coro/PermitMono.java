package dev.coro;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;

/**
 * {@code permit()}: a cold Mono that queues at subscribe time and emits a {@link Permit} once it is granted and
 * requested. A cancel before delivery removes the subscriber from the queue or gives the granted permit back.
 */
final class PermitMono extends Mono<Permit> {

    private final PermitQueue queue;
    private final String release;

    PermitMono(PermitQueue queue, String release) {
        this.queue = queue;
        this.release = release;
    }

    @Override
    public void subscribe(CoreSubscriber<? super Permit> actual) {
        PermitSubscription s = new PermitSubscription(queue, release, actual);
        actual.onSubscribe(s);
        if (queue.acquireOrEnqueue(s)) {
            s.onGranted();
        }
    }

    static final class PermitSubscription extends PermitQueue.PermitWaiter implements Subscription {

        private static final int NONE = 0;
        private static final int REQUESTED = 1;
        private static final int GRANTED = 2;
        private static final int DONE = 3;

        private static final AtomicIntegerFieldUpdater<PermitSubscription> PHASE =
                AtomicIntegerFieldUpdater.newUpdater(PermitSubscription.class, "phase");

        private final PermitQueue queue;
        private final String release;
        private final CoreSubscriber<? super Permit> actual;
        volatile int phase;

        PermitSubscription(PermitQueue queue, String release, CoreSubscriber<? super Permit> actual) {
            this.queue = queue;
            this.release = release;
            this.actual = actual;
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                if (PHASE.getAndSet(this, DONE) != DONE) {
                    giveUp(queue, release);
                    actual.onError(Exceptions.nullOrNegativeRequestException(n)); // §3.9
                }
                return;
            }
            for (; ; ) {
                int p = phase;
                if (p == NONE && PHASE.compareAndSet(this, NONE, REQUESTED)) {
                    return;
                }
                if (p == GRANTED && PHASE.compareAndSet(this, GRANTED, DONE)) {
                    deliver();
                    return;
                }
                if (p == REQUESTED || p == DONE) {
                    return;
                }
            }
        }

        @Override
        void onGranted() {
            for (; ; ) {
                int p = phase;
                if (p == REQUESTED && PHASE.compareAndSet(this, REQUESTED, DONE)) {
                    deliver();
                    return;
                }
                if (p == NONE && PHASE.compareAndSet(this, NONE, GRANTED)) {
                    return;
                }
                if (p == DONE) {
                    return; // cancelled: the cancel gives the permit back
                }
            }
        }

        private void deliver() {
            if (take()) {
                actual.onNext(new OncePermit(queue, release));
                actual.onComplete();
            }
        }

        @Override
        public void cancel() {
            if (PHASE.getAndSet(this, DONE) != DONE) {
                giveUp(queue, release);
            }
        }
    }

    /** Releases exactly once, whoever closes it first. */
    static final class OncePermit implements Permit {
        private final PermitQueue queue;
        private final String release;
        private final AtomicBoolean closed = new AtomicBoolean();

        OncePermit(PermitQueue queue, String release) {
            this.queue = queue;
            this.release = release;
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                queue.release(release);
            }
        }
    }
}
