package dev.coro.benchmarks.http;

import dev.coro.benchmarks.http.Records.ShippingQuote;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The sample's simulated shipping service: the sample's quotes, after {@code bench.downstream-latency} (20 ms). */
@RestController
@RequestMapping("/downstream")
class SimulatedDownstream {

    private static final Set<String> DOMESTIC = Set.of("DE", "AT", "NL", "BE", "FR", "LU");

    private final Duration latency;

    SimulatedDownstream(@Value("${bench.downstream-latency:20ms}") Duration latency) {
        this.latency = latency;
    }

    @GetMapping("/shipping/quote")
    Mono<ShippingQuote> shippingQuote(@RequestParam String country, @RequestParam int items) {
        boolean domestic = DOMESTIC.contains(country.toUpperCase(Locale.ROOT));
        ShippingQuote quote = domestic
                ? new ShippingQuote("DHL", 490 + 110L * items, 2)
                : new ShippingQuote("UPS", 1490 + 210L * items, 5);
        return latency.isZero() ? Mono.just(quote) : Mono.delay(latency).thenReturn(quote);
    }
}
