package dev.coro;

import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;

/**
 * {@code permit()}: a cold Mono that queues at subscribe time and emits a {@link Permit} once it is granted and
 * requested. A cancel before the emission is decided removes the subscriber from the queue or gives the granted permit
 * back; a permit the subscriber drops after all is released when collected.
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

    /**
     * The subscriber's side of a waiter. Phases: NONE (neither granted nor requested), REQUESTED or GRANTED (one of
     * the two happened), DELIVERING (both happened: the deliverer takes the permit), DONE (onNext is due), CANCELLED.
     * A cancel can turn every phase but DONE into CANCELLED, and then gives the permit back itself ({@code giveUp})
     * unless the deliverer took it first, in which case the deliverer's DELIVERING -> DONE fails and it releases the
     * permit: either way it is released exactly once. Only DONE emits, so a permit goes to onNext only if the
     * subscriber had not cancelled when the emission was decided.
     */
    static final class PermitSubscription extends PermitQueue.PermitWaiter implements Subscription {

        private static final int NONE = 0;
        private static final int REQUESTED = 1;
        private static final int GRANTED = 2;
        private static final int DELIVERING = 3;
        private static final int DONE = 4;
        private static final int CANCELLED = 5;

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
                if (cancelPhase()) {
                    giveUp(queue, release);
                    actual.onError(Exceptions.nullOrNegativeRequestException(n)); // §3.9
                }
                return;
            }
            // §3.6: a request after the end (DELIVERING, DONE, CANCELLED) or a second one (REQUESTED) is a no-op.
            if (PHASE.compareAndSet(this, NONE, REQUESTED) || !PHASE.compareAndSet(this, GRANTED, DELIVERING)) {
                return;
            }
            deliver();
        }

        @Override
        boolean runsSubscriber() {
            return true;
        }

        @Override
        void onGranted() {
            if (PHASE.compareAndSet(this, NONE, GRANTED) || !PHASE.compareAndSet(this, REQUESTED, DELIVERING)) {
                return; // waiting for a request, or cancelled: the cancel gives the permit back
            }
            deliver();
        }

        private void deliver() {
            if (!take()) {
                return; // a cancel gave the granted permit back already
            }
            if (!PHASE.compareAndSet(this, DELIVERING, DONE)) {
                queue.release(release); // cancelled after the take: the permit is ours to give back
                return;
            }
            // Created only now: a permit registered with the Cleaner must be one that the subscriber owns.
            actual.onNext(new OncePermit(queue, release));
            actual.onComplete();
        }

        @Override
        public void cancel() {
            if (cancelPhase()) {
                giveUp(queue, release);
            }
        }

        /** Moves any phase but DONE and CANCELLED to CANCELLED; false if the emission was decided or it ended. */
        private boolean cancelPhase() {
            for (; ; ) {
                int p = phase;
                if (p == DONE || p == CANCELLED) {
                    return false;
                }
                if (PHASE.compareAndSet(this, p, CANCELLED)) {
                    return true;
                }
            }
        }
    }

    /**
     * Releases exactly once, whoever closes it first, or when it is collected unclosed. The collected case covers the
     * one race no publisher can close (§2.8): a subscriber that cancels while the permit is already on its way to its
     * onNext drops it (LambdaMonoSubscriber and timeout route it to onNextDropped), and nobody else could release it.
     */
    static final class OncePermit implements Permit {
        private final Release release;
        private final Cleaner.Cleanable cleanable;

        OncePermit(PermitQueue queue, String operation) {
            this.release = new Release(queue, operation);
            this.cleanable = Abandoned.CLEANER.register(this, release);
        }

        @Override
        public void close() {
            if (release.claim()) {
                release.release();
            }
            cleanable.clean(); // unregisters; the action finds the release claimed
        }
    }

    /** The release, holding no reference to its permit so that the permit can become unreachable. */
    private static final class Release extends AtomicBoolean implements Runnable {
        private static final long serialVersionUID = 1L;

        private final transient PermitQueue queue;
        private final String operation;

        Release(PermitQueue queue, String operation) {
            this.queue = queue;
            this.operation = operation;
        }

        boolean claim() {
            return compareAndSet(false, true);
        }

        void release() {
            queue.release(operation);
        }

        /** The permit was collected unclosed: released on a thread of its own, not on the shared Cleaner's. */
        @Override
        public void run() {
            if (claim()) {
                Thread.startVirtualThread(this::release);
            }
        }
    }
}
