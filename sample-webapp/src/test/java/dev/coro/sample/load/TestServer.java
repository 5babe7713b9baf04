package dev.coro.sample.load;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assertions;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.server.HttpServer;

/**
 * A local HTTP server that counts what a load client does: requests received, the most in flight at once (seen by
 * the server, not the client), requests the client abandoned. Every request waits for {@link #open()}; every
 * {@code failEvery}-th answers 500.
 */
final class TestServer implements AutoCloseable {

    final AtomicInteger received = new AtomicInteger();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    final AtomicInteger abandoned = new AtomicInteger();
    private final Sinks.Empty<Void> gate = Sinks.empty();
    private final DisposableServer server;

    TestServer(HttpProtocol protocol, int failEvery) {
        server = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .protocol(protocol)
                // Reactor Netty's server allows 100 streams per HTTP/2 connection unless told otherwise.
                .http2Settings(settings -> settings.maxConcurrentStreams(1000))
                .handle((request, response) -> {
                    int number = received.incrementAndGet();
                    maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                    boolean fail = failEvery > 0 && number % failEvery == 0;
                    return gate.asMono()
                            .then(Mono.defer(() -> response.status(fail ? 500 : 200)
                                    .sendString(Mono.just(fail ? "failed on purpose" : "ok"))
                                    .then()))
                            .doFinally(signal -> {
                                inFlight.decrementAndGet();
                                if (signal == SignalType.CANCEL) abandoned.incrementAndGet();
                            });
                })
                .bindNow();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.port() + "/work");
    }

    /** Lets every waiting request and every later one be answered. */
    void open() {
        gate.tryEmitEmpty();
    }

    /** Waits, at most 20 s, until {@code count} requests are in flight on the server. */
    void awaitInFlight(int count) throws InterruptedException {
        awaitTrue(() -> inFlight.get() == count, "the server to hold " + count + " requests; it holds " + inFlight);
    }

    static void awaitTrue(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) Assertions.fail("waited 20 s for " + what);
            Thread.sleep(10);
        }
    }

    @Override
    public void close() {
        server.disposeNow();
    }
}
