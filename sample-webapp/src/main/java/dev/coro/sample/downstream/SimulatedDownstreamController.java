package dev.coro.sample.downstream;

import dev.coro.sample.ShopProperties;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The downstream services, simulated inside the app so that one process is enough: deterministic answers after
 * {@code shop.downstream.simulated-latency}, as a remote service would take. Point {@code shop.downstream.base-url}
 * elsewhere to use real ones.
 */
@RestController
@RequestMapping("/downstream")
class SimulatedDownstreamController {

    private static final Set<String> DOMESTIC = Set.of("DE", "AT", "NL", "BE", "FR", "LU");

    private final Duration latency;

    SimulatedDownstreamController(ShopProperties properties) {
        this.latency = properties.downstream().simulatedLatency();
    }

    @GetMapping("/shipping/quote")
    Mono<ShippingQuote> shippingQuote(@RequestParam String country, @RequestParam int items) {
        boolean domestic = DOMESTIC.contains(country.toUpperCase(Locale.ROOT));
        ShippingQuote quote = domestic
                ? new ShippingQuote("DHL", 490 + 110L * items, 2)
                : new ShippingQuote("UPS", 1490 + 210L * items, 5);
        return answer(quote);
    }

    @GetMapping("/loyalty/{customerId}")
    Mono<Loyalty> loyalty(@PathVariable long customerId) {
        long points = (customerId * 7919) % 5000;
        String tier = points >= 3000 ? "GOLD" : points >= 1000 ? "SILVER" : "BRONZE";
        return answer(new Loyalty(customerId, tier, points));
    }

    @GetMapping("/recommendations/{customerId}")
    Mono<Recommendations> recommendations(@PathVariable long customerId) {
        List<Long> products = List.of(1 + customerId % 8, 1 + (customerId + 3) % 8, 1 + (customerId + 5) % 8);
        return answer(new Recommendations(customerId, products));
    }

    private <T> Mono<T> answer(T value) {
        return latency.isZero() ? Mono.just(value) : Mono.delay(latency).thenReturn(value);
    }
}
