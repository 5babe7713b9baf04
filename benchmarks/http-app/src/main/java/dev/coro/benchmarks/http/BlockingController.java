package dev.coro.benchmarks.http;

import dev.coro.benchmarks.http.Records.OrderView;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The same handlers as plain blocking code, run by Spring's blocking execution on virtual threads
 * ({@link BlockingExecution}).
 */
@RestController
@RequestMapping("/api/blocking")
class BlockingController {

    private final AsyncSource source;
    private final Shop shop;

    BlockingController(AsyncSource source, Shop shop) {
        this.source = source;
        this.shop = shop;
    }

    @GetMapping("/two-calls/{id}")
    TwoCalls twoCalls(@PathVariable long id) {
        long first = require(source.first(id).block());
        long second = require(source.second(first).block());
        return new TwoCalls(id, first, second);
    }

    // The sample's BlockingShopController.order.
    @GetMapping("/orders/{id}")
    OrderView order(@PathVariable long id) {
        var order = shop.order(id).block();
        if (order == null) throw NotFound.of("order", id);
        var customer = shop.customer(order.customerId()).block();
        if (customer == null) throw NotFound.of("customer", order.customerId());
        var quote = require(
                shop.shippingQuote(customer.country(), order.itemCount()).block());
        return OrderView.of(order, customer, quote);
    }

    private static <T> T require(@Nullable T value) {
        if (value == null) throw new IllegalStateException("an async call completed without a value");
        return value;
    }
}
