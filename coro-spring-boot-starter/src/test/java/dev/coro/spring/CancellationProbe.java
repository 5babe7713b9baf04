package dev.coro.spring;

import static dev.coro.Coro.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import reactor.core.publisher.Mono;

/** What a slow handler reports while a client disconnects from it. */
final class CancellationProbe {

    volatile CountDownLatch started = new CountDownLatch(1);
    volatile CountDownLatch upstreamCancelled = new CountDownLatch(1);
    volatile CountDownLatch finallyRan = new CountDownLatch(1);
    volatile String thread = "";

    void reset() {
        started = new CountDownLatch(1);
        upstreamCancelled = new CountDownLatch(1);
        finallyRan = new CountDownLatch(1);
        thread = "";
    }

    /** Awaits forever, reporting to this probe: called by a coroutine handler or filter under test. */
    <T> T waitForever() {
        thread = Thread.currentThread().getName();
        try {
            // "started" once the await has subscribed: a disconnect before that never subscribes at all.
            return await(Mono.<T>never()
                    .doOnSubscribe(s -> started.countDown())
                    .doOnCancel(() -> upstreamCancelled.countDown()));
        } finally {
            finallyRan.countDown();
        }
    }

    /** Sends {@code GET path} over a raw connection, which the caller closes to disconnect. */
    static Socket get(int port, String path) throws IOException {
        Socket socket = new Socket("localhost", port);
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }
}
