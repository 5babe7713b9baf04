package dev.coro;

import com.softwaremill.jox.ChannelClosed;
import com.softwaremill.jox.ChannelError;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * {@code Channel.asFlux()}: each subscription runs a coroutine that waits for demand, then receives one value and
 * emits it. Receiving only on demand keeps unrequested values in the channel (and its senders suspended), which a
 * generator that received first and then waited for demand would not.
 */
final class ChannelFlux<T> extends Flux<T> {

    private final Channel<T> channel;

    ChannelFlux(Channel<T> channel) {
        this.channel = channel;
    }

    @Override
    public void subscribe(CoreSubscriber<? super T> actual) {
        ReceiveSubscription<T> s = new ReceiveSubscription<>(channel, actual);
        actual.onSubscribe(s);
        // §1.4, §1.9: a channel closed with an error (jox drops its buffered values then) fails the subscriber at once,
        // without waiting for a request. done() does not: its buffered values still go out on demand.
        if (channel.jox.closedForReceive() instanceof ChannelError e) {
            s.failEarly(e.cause());
        }
    }

    static final class ReceiveSubscription<T> implements Subscription, Suspension.Waitable, Coroutine.Completion<Void> {

        @SuppressWarnings("rawtypes")
        private static final AtomicLongFieldUpdater<ReceiveSubscription> REQUESTED =
                AtomicLongFieldUpdater.newUpdater(ReceiveSubscription.class, "requested");

        @SuppressWarnings("rawtypes")
        private static final AtomicIntegerFieldUpdater<ReceiveSubscription> STARTED =
                AtomicIntegerFieldUpdater.newUpdater(ReceiveSubscription.class, "started");

        private final Channel<T> channel;
        private final CoreSubscriber<? super T> actual;
        volatile long requested;
        volatile boolean cancelled;
        volatile @Nullable Throwable badRequest;
        private volatile @Nullable Coroutine coroutine;
        private volatile @Nullable Thread parked;
        volatile int started;

        ReceiveSubscription(Channel<T> channel, CoreSubscriber<? super T> actual) {
            this.channel = channel;
            this.actual = actual;
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                badRequest = Exceptions.nullOrNegativeRequestException(n); // §3.9, delivered by the loop (§1.3)
                n = 1; // wakes or starts the loop so that it reports
            }
            Operators.addCap(REQUESTED, this, n);
            if (started == 0 && STARTED.compareAndSet(this, 0, 1)) {
                Context context = actual.currentContext();
                CoroScheduler scheduler = CoroScheduler.from(context);
                Coroutine c = new Coroutine(scheduler.nextName("channel-flux"), context, scheduler);
                coroutine = c;
                if (cancelled) {
                    c.cancel();
                }
                c.start(this::receiveLoop, this);
                return;
            }
            Thread t = parked;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }

        /** Signals {@code error} unless a request started the loop already (then the loop receives it itself). */
        void failEarly(Throwable error) {
            if (STARTED.compareAndSet(this, 0, 1) && !cancelled) {
                actual.onError(error);
            }
        }

        @SuppressWarnings("unchecked")
        private @Nullable Void receiveLoop() {
            Coroutine c = Coroutine.current();
            for (; ; ) {
                if (requested == 0) {
                    parked = Thread.currentThread();
                    try {
                        Suspension.await(c, "demand from " + actual.getClass().getSimpleName(), this);
                    } finally {
                        parked = null;
                    }
                }
                Throwable bad = badRequest;
                if (bad != null) {
                    throw Sneaky.raise(bad);
                }
                Object r = ChannelOps.run("Channel.receive", channel.jox::receiveOrClosed);
                if (r instanceof ChannelClosed closed) {
                    if (closed instanceof ChannelError e) {
                        throw Sneaky.raise(e.cause());
                    }
                    return null;
                }
                r = channel.taken(r);
                // A cancel that came while receiving: the value is out of the channel, so it is discarded, not lost
                // silently. After this check at most this one onNext can still reach a subscriber that cancels now
                // (§3.12: cancel takes effect eventually).
                if (cancelled) {
                    Operators.onDiscard(r, actual.currentContext());
                    throw new CancellationException("cancelled");
                }
                actual.onNext((T) r);
                if (requested != Long.MAX_VALUE) {
                    REQUESTED.decrementAndGet(this);
                }
            }
        }

        @Override
        public boolean isReady() {
            return requested != 0 || cancelled || badRequest != null;
        }

        @Override
        public void dispose() {}

        @Override
        public void cancel() {
            cancelled = true;
            Coroutine c = coroutine;
            if (c != null) {
                c.cancel();
            }
        }

        @Override
        public void complete(@Nullable Void ignored) {
            if (!cancelled) {
                actual.onComplete();
            }
        }

        @Override
        public void fail(Throwable error) {
            if (!cancelled) {
                actual.onError(error);
            } else if (!(error instanceof CancellationException)) {
                Operators.onErrorDropped(error, actual.currentContext());
            }
        }
    }
}
