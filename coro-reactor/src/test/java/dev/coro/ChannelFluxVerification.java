package dev.coro;

import org.reactivestreams.Publisher;
import org.reactivestreams.tck.PublisherVerification;
import org.reactivestreams.tck.TestEnvironment;

/** The Reactive Streams TCK against {@code Channel.asFlux()}. */
public class ChannelFluxVerification extends PublisherVerification<Long> {

    public ChannelFluxVerification() {
        super(new TestEnvironment(2_000, 200));
    }

    @Override
    public Publisher<Long> createPublisher(long elements) {
        Channel<Long> channel = Coro.unlimitedChannel();
        for (long i = 0; i < elements; i++) {
            channel.send(i);
        }
        channel.done();
        return channel.asFlux();
    }

    @Override
    public long maxElementsFromPublisher() {
        return 1024; // every element is buffered up front in an unlimited channel
    }

    /** A channel closed with an error: its Flux signals the error right after onSubscribe (§1.4, §1.9). */
    @Override
    public Publisher<Long> createFailedPublisher() {
        Channel<Long> channel = Coro.unlimitedChannel();
        channel.error(new IllegalStateException("channel failed"));
        return channel.asFlux();
    }
}
