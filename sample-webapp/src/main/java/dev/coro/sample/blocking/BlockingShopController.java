package dev.coro.sample.blocking;

import dev.coro.sample.downstream.DownstreamClient;
import dev.coro.sample.downstream.ShippingQuote;
import dev.coro.sample.shop.Customer;
import dev.coro.sample.shop.CustomerRepository;
import dev.coro.sample.shop.NotFoundException;
import dev.coro.sample.shop.Order;
import dev.coro.sample.shop.OrderRepository;
import dev.coro.sample.shop.OrderView;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The order lookup as plain blocking code, run by Spring's blocking execution on virtual threads (see
 * {@link BlockingExecutionConfig}): the third contestant of benchmarks/http, not an API to copy.
 */
@RestController
@RequestMapping("/api/blocking")
class BlockingShopController {

    private final OrderRepository orders;
    private final CustomerRepository customers;
    private final DownstreamClient downstream;

    BlockingShopController(OrderRepository orders, CustomerRepository customers, DownstreamClient downstream) {
        this.orders = orders;
        this.customers = customers;
        this.downstream = downstream;
    }

    @GetMapping("/orders/{id}")
    OrderView order(@PathVariable long id) {
        Order order = orders.findById(id).block();
        if (order == null) throw new NotFoundException("order", id);
        Customer customer = customers.findById(order.customerId()).block();
        if (customer == null) throw new NotFoundException("customer", order.customerId());
        ShippingQuote quote =
                downstream.shippingQuote(customer.country(), order.itemCount()).block();
        if (quote == null) throw new IllegalStateException("the shipping service answered without a body");
        return OrderView.of(order, customer, quote);
    }
}
