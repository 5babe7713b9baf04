package dev.coro.benchmarks.http;

import static dev.coro.Coro.await;

import dev.coro.benchmarks.http.Records.OrderView;
import dev.coro.spring.Coroutine;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The same handlers as straight-line {@code @Coroutine} code (coro-reactor's starter). */
@Coroutine
@RestController
@RequestMapping("/api/coro")
class CoroController {

    private final AsyncSource source;
    private final Shop shop;

    CoroController(AsyncSource source, Shop shop) {
        this.source = source;
        this.shop = shop;
    }

    @GetMapping("/two-calls/{id}")
    TwoCalls twoCalls(@PathVariable long id) {
        long first = await(source.first(id));
        long second = await(source.second(first));
        return new TwoCalls(id, first, second);
    }

    // The sample's CoroShopController.order.
    @GetMapping("/orders/{id}")
    OrderView order(@PathVariable long id) {
        var order = await(shop.order(id));
        if (order == null) throw NotFound.of("order", id);
        var customer = await(shop.customer(order.customerId()));
        if (customer == null) throw NotFound.of("customer", order.customerId());
        var quote = await(shop.shippingQuote(customer.country(), order.itemCount()));
        return OrderView.of(order, customer, quote);
    }
}
