package dev.coro;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.tck.PublisherVerification;
import org.reactivestreams.tck.TestEnvironment;

/** The Reactive Streams TCK against {@code Coro.flux}. */
public class CoroFluxVerification extends PublisherVerification<Long> {

    public CoroFluxVerification() {
        super(new TestEnvironment(2_000, 200));
    }

    @Override
    public Publisher<Long> createPublisher(long elements) {
        return Coro.flux(out -> {
            for (long i = 0; i < elements; i++) {
                out.yield(i);
            }
        });
    }

    /**
     * None: a generator has no failed state before its body runs, and the body starts on the first request (so a
     * throwing body fails the Flux once requested, which {@code CoroFluxTest} covers). The TCK then skips §1.4 and
     * §1.9's failed-publisher checks; see docs/guide.md, "Reactive Streams compliance".
     */
    @Override
    public @Nullable Publisher<Long> createFailedPublisher() {
        return null;
    }
}
