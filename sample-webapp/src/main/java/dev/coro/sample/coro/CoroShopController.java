package dev.coro.sample.coro;

import static dev.coro.Coro.await;

import dev.coro.Coro;
import dev.coro.sample.ShopProperties;
import dev.coro.sample.downstream.DownstreamClient;
import dev.coro.sample.shop.CustomerRepository;
import dev.coro.sample.shop.CustomerSummary;
import dev.coro.sample.shop.InvalidOrderException;
import dev.coro.sample.shop.NotFoundException;
import dev.coro.sample.shop.OrderLine;
import dev.coro.sample.shop.OrderRepository;
import dev.coro.sample.shop.OrderRequest;
import dev.coro.sample.shop.OrderStreamMonitor;
import dev.coro.sample.shop.OrderStreamMonitor.Outcome;
import dev.coro.sample.shop.OrderSummary;
import dev.coro.sample.shop.OrderView;
import dev.coro.sample.shop.OutOfStockException;
import dev.coro.sample.shop.Product;
import dev.coro.sample.shop.ProductRepository;
import dev.coro.spring.Coroutine;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.util.ArrayList;
import java.util.concurrent.CancellationException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;

/**
 * The shop API as straight-line coroutines: the "after" of docs/migration.md. {@code @Coroutine} on the class runs
 * every handler that returns a plain value as a coroutine; the stream handler returns a {@code Flux} and stays as it
 * is.
 */
@Coroutine
@RestController
@RequestMapping("/api/coro")
class CoroShopController {

    private static final String VARIANT = "coro";

    private final OrderRepository orders;
    private final CustomerRepository customers;
    private final ProductRepository products;
    private final DownstreamClient downstream;
    private final OrderStreamMonitor streams;
    private final ShopProperties.Stream streamSettings;

    CoroShopController(
            OrderRepository orders,
            CustomerRepository customers,
            ProductRepository products,
            DownstreamClient downstream,
            OrderStreamMonitor streams,
            ShopProperties properties) {
        this.orders = orders;
        this.customers = customers;
        this.products = products;
        this.downstream = downstream;
        this.streams = streams;
        this.streamSettings = properties.stream();
    }

    @GetMapping("/orders/{id}")
    OrderView order(@PathVariable long id) {
        var order = await(orders.findById(id));
        if (order == null) throw new NotFoundException("order", id);
        var customer = await(customers.findById(order.customerId()));
        if (customer == null) throw new NotFoundException("customer", order.customerId());
        var quote = await(downstream.shippingQuote(customer.country(), order.itemCount()));
        return OrderView.of(order, customer, quote);
    }

    // One reactive transaction: every await in the method joins it, and any exception rolls it back.
    @Transactional
    @PostMapping("/orders")
    ResponseEntity<OrderView> placeOrder(@Valid @RequestBody OrderRequest request) {
        var customer = await(customers.findById(request.customerId()));
        if (customer == null) throw InvalidOrderException.unknownCustomer(request.customerId());
        var lines = new ArrayList<OrderLine>();
        for (int index = 0; index < request.items().size(); index++) {
            var item = request.items().get(index);
            var product = await(products.findById(item.productId()));
            if (product == null) throw InvalidOrderException.unknownProduct(index, item.productId());
            boolean reserved = await(products.reserve(product.id(), item.quantity()));
            if (!reserved) throw new OutOfStockException(product, item.quantity());
            lines.add(new OrderLine(product.id(), product.name(), item.quantity(), product.priceCents()));
        }
        var quote = await(downstream.shippingQuote(customer.country(), itemCount(request)));
        var order = await(orders.insert(customer.id(), lines, quote.priceCents()));
        return ResponseEntity.created(URI.create("/api/coro/orders/" + order.id()))
                .body(OrderView.of(order, customer, quote));
    }

    @Transactional
    @PreAuthorize("hasRole('ADMIN')")
    @PostMapping("/products/{id}/restock")
    Product restock(@PathVariable long id, @RequestParam @Min(1) int quantity) {
        if (!await(products.restock(id, quantity))) throw new NotFoundException("product", id);
        return await(products.findById(id));
    }

    @GetMapping("/customers/{id}/summary")
    CustomerSummary summary(@PathVariable long id) {
        var customer = await(customers.findById(id));
        if (customer == null) throw new NotFoundException("customer", id);
        return Coro.scope(scope -> {
            var stats = scope.fork(() -> await(orders.stats(id)));
            var loyalty = scope.fork(() -> await(downstream.loyalty(id)));
            var recommendations = scope.fork(() -> await(downstream.recommendations(id)));
            return new CustomerSummary(customer, stats.join(), loyalty.join(), recommendations.join());
        });
    }

    @GetMapping(path = "/orders/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<OrderSummary>> stream(
            @RequestParam(defaultValue = "0") long after,
            @RequestParam(defaultValue = "false") boolean follow,
            @RequestHeader(name = "Last-Event-ID", required = false) @Nullable Long lastEventId) {
        long start = lastEventId != null ? lastEventId : after;
        int size = streamSettings.pageSize();
        return Coro.flux(out -> {
            streams.opened(VARIANT);
            var outcome = Outcome.FAILED;
            try {
                var page = await(orders.page(start, size));
                while (!page.isEmpty() || follow) {
                    if (page.isEmpty()) Coro.sleep(streamSettings.pollInterval());
                    for (var order : page.orders()) out.yield(event(order)); // parks while the client has no demand
                    page = await(orders.page(page.cursor(), size));
                }
                outcome = Outcome.COMPLETED;
            } catch (CancellationException clientLeft) { // caught only to tell the monitor why the stream ended
                outcome = Outcome.CANCELLED;
                throw clientLeft;
            } finally {
                streams.closed(VARIANT, outcome);
            }
        });
    }

    private static ServerSentEvent<OrderSummary> event(OrderSummary order) {
        return ServerSentEvent.builder(order)
                .id(Long.toString(order.id()))
                .event("order")
                .build();
    }

    private static int itemCount(OrderRequest request) {
        return request.items().stream().mapToInt(OrderRequest.Item::quantity).sum();
    }
}
