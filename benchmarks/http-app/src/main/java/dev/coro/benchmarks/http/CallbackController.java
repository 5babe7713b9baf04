package dev.coro.benchmarks.http;

import dev.coro.benchmarks.http.Records.OrderView;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The Reactor callback chains: what the other variants are measured against. */
@RestController
@RequestMapping("/api/callback")
class CallbackController {

    private final AsyncSource source;
    private final Shop shop;

    CallbackController(AsyncSource source, Shop shop) {
        this.source = source;
        this.shop = shop;
    }

    @GetMapping("/two-calls/{id}")
    Mono<TwoCalls> twoCalls(@PathVariable long id) {
        return source.first(id).flatMap(first -> source.second(first).map(second -> new TwoCalls(id, first, second)));
    }

    // The sample's CallbackShopController.order.
    @GetMapping("/orders/{id}")
    Mono<OrderView> order(@PathVariable long id) {
        return shop.order(id)
                .switchIfEmpty(Mono.error(() -> NotFound.of("order", id)))
                .flatMap(order -> shop.customer(order.customerId())
                        .switchIfEmpty(Mono.error(() -> NotFound.of("customer", order.customerId())))
                        .flatMap(customer -> shop.shippingQuote(customer.country(), order.itemCount())
                                .map(quote -> OrderView.of(order, customer, quote))));
    }
}
