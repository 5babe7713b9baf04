package dev.coro;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;

/** Subscribers that record what reached them, for the arbiters. */
final class Recorders {

    private Recorders() {}

    /** Counts onNext and onComplete; requests nothing by itself. */
    static final class Counting implements CoreSubscriber<Object> {
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger complete = new AtomicInteger();
        final CountDownLatch nexts;
        final CountDownLatch first = new CountDownLatch(1);
        volatile @Nullable Subscription subscription;

        Counting(int expectedNexts) {
            this.nexts = new CountDownLatch(expectedNexts);
        }

        @Override
        public void onSubscribe(Subscription s) {
            subscription = s;
        }

        @Override
        public void onNext(Object o) {
            next.incrementAndGet();
            first.countDown();
            nexts.countDown();
        }

        @Override
        public void onError(Throwable t) {
            complete.addAndGet(100); // an error shows as an impossible outcome
        }

        @Override
        public void onComplete() {
            complete.incrementAndGet();
        }

        Subscription subscription() {
            Subscription s = subscription;
            if (s == null) {
                throw new IllegalStateException("not subscribed");
            }
            return s;
        }
    }

    /** Keeps the permit it receives; requests one in onSubscribe when asked to. */
    static final class PermitHolder implements CoreSubscriber<Permit> {
        private final boolean requestAtOnce;
        volatile @Nullable Subscription subscription;
        volatile @Nullable Permit permit;
        final AtomicInteger permits = new AtomicInteger();

        PermitHolder(boolean requestAtOnce) {
            this.requestAtOnce = requestAtOnce;
        }

        @Override
        public void onSubscribe(Subscription s) {
            subscription = s;
            if (requestAtOnce) {
                s.request(1);
            }
        }

        @Override
        public void onNext(Permit p) {
            permit = p;
            permits.incrementAndGet();
        }

        @Override
        public void onError(Throwable t) {
            permits.addAndGet(100);
        }

        @Override
        public void onComplete() {}

        Subscription subscription() {
            Subscription s = subscription;
            if (s == null) {
                throw new IllegalStateException("not subscribed");
            }
            return s;
        }
    }
}
