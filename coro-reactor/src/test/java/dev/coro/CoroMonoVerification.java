package dev.coro;

import org.reactivestreams.Publisher;
import org.reactivestreams.tck.PublisherVerification;
import org.reactivestreams.tck.TestEnvironment;

/** The Reactive Streams TCK against {@code Coro.mono}: a publisher of at most one element. */
public class CoroMonoVerification extends PublisherVerification<Long> {

    public CoroMonoVerification() {
        super(new TestEnvironment(2_000, 200));
    }

    @Override
    public Publisher<Long> createPublisher(long elements) {
        return elements == 0 ? Coro.mono(() -> null) : Coro.mono(() -> 42L);
    }

    @Override
    public Publisher<Long> createFailedPublisher() {
        return Coro.mono(() -> {
            throw new IllegalStateException("failed publisher for the TCK");
        });
    }

    @Override
    public long maxElementsFromPublisher() {
        return 1;
    }
}
