package dev.coro;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.tck.PublisherVerification;
import org.reactivestreams.tck.TestEnvironment;

/** The Reactive Streams TCK against {@code Semaphore.permit()} and {@code Mutex.permit()}. */
public class PermitMonoVerification extends PublisherVerification<Permit> {

    public PermitMonoVerification() {
        super(new TestEnvironment(2_000, 200));
    }

    /** A free lock each time: the TCK never closes the permits it receives, so a shared one would stay taken. */
    @Override
    public Publisher<Permit> createPublisher(long elements) {
        return elements % 2 == 0 ? Coro.semaphore(1).permit() : Coro.mutex().permit();
    }

    @Override
    public long maxElementsFromPublisher() {
        return 1;
    }

    /**
     * None: a permit Mono has no failed state; it waits for a permit, and only a bad request fails it (§3.9, which the
     * TCK checks through {@link #createPublisher}).
     */
    @Override
    public @Nullable Publisher<Permit> createFailedPublisher() {
        return null;
    }
}
