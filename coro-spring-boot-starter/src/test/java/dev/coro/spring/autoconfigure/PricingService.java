package dev.coro.spring.autoconfigure;

import static dev.coro.Coro.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.cache.annotation.Cacheable;
import reactor.core.publisher.Mono;

/** A plain-returning {@code @Cacheable} method that awaits: called from coroutine handlers. */
public class PricingService {

    private final AtomicInteger computed = new AtomicInteger();

    @Cacheable("prices")
    public String price(String sku) {
        int n = computed.incrementAndGet();
        return await(Mono.just(sku + "=" + n).delayElement(Duration.ofMillis(1)));
    }

    public int computed() {
        return computed.get();
    }
}
