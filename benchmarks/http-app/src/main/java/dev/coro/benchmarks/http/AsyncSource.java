package dev.coro.benchmarks.http;

import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The two async calls of the minimal handler: each answers after {@code bench.async-latency} (1 ms by default) on
 * Reactor's timer, so that every await parks and is woken by another thread, as a call to a remote service would be.
 */
@Component
public class AsyncSource {

    private final Duration latency;

    AsyncSource(@Value("${bench.async-latency:1ms}") Duration latency) {
        this.latency = latency;
    }

    /**
     * The first call.
     *
     * @param id the request's id
     * @return a value derived from {@code id}, after the latency
     */
    public Mono<Long> first(long id) {
        return Mono.delay(latency).map(tick -> id * 31);
    }

    /**
     * The second call, which needs the first one's answer.
     *
     * @param first what {@link #first} answered
     * @return a value derived from {@code first}, after the latency
     */
    public Mono<Long> second(long first) {
        return Mono.delay(latency).map(tick -> first + 7);
    }
}
