package dev.coro.spring;

import java.util.concurrent.CountDownLatch;

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
}
