package dev.coro.sample.callback;

import dev.coro.sample.ShopProperties;
import dev.coro.sample.downstream.DownstreamClient;
import dev.coro.sample.shop.CustomerRepository;
import dev.coro.sample.shop.CustomerSummary;
import dev.coro.sample.shop.InvalidOrderException;
import dev.coro.sample.shop.NotFoundException;
import dev.coro.sample.shop.OrderLine;
import dev.coro.sample.shop.OrderPage;
import dev.coro.sample.shop.OrderRepository;
import dev.coro.sample.shop.OrderRequest;
import dev.coro.sample.shop.OrderStreamMonitor;
import dev.coro.sample.shop.OrderStreamMonitor.Outcome;
import dev.coro.sample.shop.OrderSummary;
import dev.coro.sample.shop.OrderView;
import dev.coro.sample.shop.OutOfStockException;
import dev.coro.sample.shop.Product;
import dev.coro.sample.shop.ProductRepository;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import java.net.URI;
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
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

/** The shop API as Reactor callback chains: the "before" of docs/migration.md. */
@RestController
@RequestMapping("/api/callback")
class CallbackShopController {

    private static final String VARIANT = "callback";

    private final OrderRepository orders;
    private final CustomerRepository customers;
    private final ProductRepository products;
    private final DownstreamClient downstream;
    private final OrderStreamMonitor streams;
    private final ShopProperties.Stream streamSettings;

    CallbackShopController(
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
    Mono<OrderView> order(@PathVariable long id) {
        return orders.findById(id)
                .switchIfEmpty(Mono.error(() -> new NotFoundException("order", id)))
                .flatMap(order -> customers
                        .findById(order.customerId())
                        .switchIfEmpty(Mono.error(() -> new NotFoundException("customer", order.customerId())))
                        .flatMap(customer -> downstream
                                .shippingQuote(customer.country(), order.itemCount())
                                .map(quote -> OrderView.of(order, customer, quote))));
    }

    // One reactive transaction around the whole chain: any error rolls it back.
    @Transactional
    @PostMapping("/orders")
    Mono<ResponseEntity<OrderView>> placeOrder(@Valid @RequestBody OrderRequest request) {
        return customers
                .findById(request.customerId())
                .switchIfEmpty(Mono.error(() -> InvalidOrderException.unknownCustomer(request.customerId())))
                .flatMap(customer -> Flux.range(0, request.items().size())
                        .concatMap(index -> reserve(index, request.items().get(index)))
                        .collectList()
                        .flatMap(lines -> downstream
                                .shippingQuote(customer.country(), itemCount(request))
                                .flatMap(quote -> orders.insert(customer.id(), lines, quote.priceCents())
                                        .map(order -> OrderView.of(order, customer, quote)))))
                .map(view -> ResponseEntity.created(URI.create("/api/callback/orders/" + view.id()))
                        .body(view));
    }

    @Transactional
    @PreAuthorize("hasRole('ADMIN')")
    @PostMapping("/products/{id}/restock")
    Mono<Product> restock(@PathVariable long id, @RequestParam @Min(1) int quantity) {
        return products.restock(id, quantity)
                .flatMap(restocked ->
                        restocked ? products.findById(id) : Mono.error(new NotFoundException("product", id)));
    }

    private Mono<OrderLine> reserve(int index, OrderRequest.Item item) {
        return products.findById(item.productId())
                .switchIfEmpty(Mono.error(() -> InvalidOrderException.unknownProduct(index, item.productId())))
                .flatMap(product -> products.reserve(product.id(), item.quantity())
                        .flatMap(reserved -> reserved
                                ? Mono.just(new OrderLine(
                                        product.id(), product.name(), item.quantity(), product.priceCents()))
                                : Mono.error(new OutOfStockException(product, item.quantity()))));
    }

    @GetMapping("/customers/{id}/summary")
    Mono<CustomerSummary> summary(@PathVariable long id) {
        return customers
                .findById(id)
                .switchIfEmpty(Mono.error(() -> new NotFoundException("customer", id)))
                .flatMap(customer -> Mono.zip(orders.stats(id), downstream.loyalty(id), downstream.recommendations(id))
                        .map(all -> new CustomerSummary(customer, all.getT1(), all.getT2(), all.getT3())));
    }

    @GetMapping(path = "/orders/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<OrderSummary>> stream(
            @RequestParam(defaultValue = "0") long after,
            @RequestParam(defaultValue = "false") boolean follow,
            @RequestHeader(name = "Last-Event-ID", required = false) @Nullable Long lastEventId) {
        long start = lastEventId != null ? lastEventId : after;
        int size = streamSettings.pageSize();
        return orders.page(start, size)
                .expand(page -> {
                    Mono<OrderPage> next = orders.page(page.cursor(), size);
                    if (!page.isEmpty()) return next;
                    return follow ? next.delaySubscription(streamSettings.pollInterval()) : Mono.empty();
                })
                // One page at a time: the default prefetch (256 pages) would read far ahead of a slow client.
                .concatMapIterable(OrderPage::orders, 1)
                .map(CallbackShopController::event)
                .doFirst(() -> streams.opened(VARIANT))
                .doFinally(signal -> streams.closed(VARIANT, outcome(signal)));
    }

    private static Outcome outcome(SignalType signal) {
        return switch (signal) {
            case ON_COMPLETE -> Outcome.COMPLETED;
            case CANCEL -> Outcome.CANCELLED;
            default -> Outcome.FAILED;
        };
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
