package dev.coro.benchmarks;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;

/**
 * Counts down as the Monos it subscribes to complete, so that a benchmark can keep many in flight at once and wait
 * for all of them. Each Mono gets a subscriber of its own: a {@code flatMap} with a thousand inners would cost more
 * than what it merges (its drain loop scans all inners on every completion).
 */
final class InFlight {

    private final CountDownLatch done;
    private final AtomicReference<@Nullable Throwable> error = new AtomicReference<>();

    InFlight(int count) {
        this.done = new CountDownLatch(count);
    }

    CoreSubscriber<Integer> subscriber() {
        return new CoreSubscriber<>() {
            @Override
            public void onSubscribe(Subscription s) {
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(Integer value) {}

            @Override
            public void onError(Throwable t) {
                error.compareAndSet(null, t);
                done.countDown();
            }

            @Override
            public void onComplete() {
                done.countDown();
            }
        };
    }

    /** Waits for every Mono to complete; fails on the first error or after a minute. */
    void await() throws InterruptedException {
        if (!done.await(1, TimeUnit.MINUTES)) {
            throw new IllegalStateException(done.getCount() + " Monos did not complete within a minute");
        }
        Throwable e = error.get();
        if (e != null) {
            throw new IllegalStateException("A benchmarked Mono failed", e);
        }
    }
}
