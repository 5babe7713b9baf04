package dev.coro.spring;

import static dev.coro.Coro.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * A coroutine handler that awaits a delayed Mono and then a gate opened once {@link #expected} requests are inside at
 * the same time: the load test proves they were all suspended at once, not merely all answered.
 */
@RestController
class LoadController {

    final AtomicInteger inside = new AtomicInteger();
    final AtomicInteger peak = new AtomicInteger();
    volatile int expected = Integer.MAX_VALUE;
    volatile CompletableFuture<Void> allInside = new CompletableFuture<>();

    void expect(int requests) {
        inside.set(0);
        peak.set(0);
        allInside = new CompletableFuture<>();
        expected = requests;
    }

    @Coroutine
    @GetMapping("/load/{i}")
    int load(@PathVariable int i) {
        int now = inside.incrementAndGet();
        peak.accumulateAndGet(now, Math::max);
        if (now >= expected) {
            allInside.complete(null);
        }
        try {
            await(Mono.delay(Duration.ofMillis(50)));
            await(Mono.fromFuture(allInside, true).timeout(Duration.ofSeconds(50)));
            return i;
        } finally {
            inside.decrementAndGet();
        }
    }

    final AtomicInteger boundedInside = new AtomicInteger();
    final AtomicInteger boundedPeak = new AtomicInteger();

    @Coroutine
    @GetMapping("/bounded/{i}")
    int bounded(@PathVariable int i) {
        boundedPeak.accumulateAndGet(boundedInside.incrementAndGet(), Math::max);
        try {
            await(Mono.delay(Duration.ofMillis(50)));
            return i;
        } finally {
            boundedInside.decrementAndGet();
        }
    }
}
