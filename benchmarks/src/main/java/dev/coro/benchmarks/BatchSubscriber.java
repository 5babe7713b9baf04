package dev.coro.benchmarks;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;

/**
 * Requests {@value #BATCH} elements up front and {@value #BATCH} more from {@code onNext} each time a batch is used
 * up, the way a {@code limitRate}-style consumer does; sums what it receives so that no element can be optimised away.
 */
final class BatchSubscriber implements CoreSubscriber<Integer> {

    static final int BATCH = 256;

    private final CountDownLatch done = new CountDownLatch(1);
    private @Nullable Subscription subscription;
    private int leftInBatch;
    // Written on the emitting thread before done.countDown(), read after done.await(): the latch publishes them.
    private long sum;
    private long count;
    private @Nullable Throwable error;

    @Override
    public void onSubscribe(Subscription s) {
        subscription = s;
        leftInBatch = BATCH;
        s.request(BATCH);
    }

    @Override
    public void onNext(Integer value) {
        sum += value;
        count++;
        if (--leftInBatch == 0) {
            leftInBatch = BATCH;
            Subscription s = subscription;
            if (s != null) {
                s.request(BATCH);
            }
        }
    }

    @Override
    public void onError(Throwable t) {
        error = t;
        done.countDown();
    }

    @Override
    public void onComplete() {
        done.countDown();
    }

    /** Waits for the end of the sequence and returns the sum of the elements, after checking how many there were. */
    long await(long expectedCount) throws InterruptedException {
        if (!done.await(1, TimeUnit.MINUTES)) {
            throw new IllegalStateException("The benchmarked Flux did not complete within a minute");
        }
        if (error != null) {
            throw new IllegalStateException("The benchmarked Flux failed", error);
        }
        if (count != expectedCount) {
            throw new IllegalStateException("Expected " + expectedCount + " elements, received " + count);
        }
        return sum;
    }
}
