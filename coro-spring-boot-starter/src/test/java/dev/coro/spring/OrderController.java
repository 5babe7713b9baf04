package dev.coro.spring;

import static dev.coro.Coro.await;

import dev.coro.Coro;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Method-level {@code @Coroutine} handlers of every return kind, next to their reactive equivalents. */
@RestController
@RequestMapping("/orders")
class OrderController {

    final AtomicInteger voidCalls = new AtomicInteger();
    final AtomicInteger creates = new AtomicInteger();

    @Coroutine
    @GetMapping("/{id}")
    Order order(@PathVariable long id) {
        String item = await(Mono.just("book").delayElement(Duration.ofMillis(5)));
        return new Order(id, item, Thread.currentThread().getName());
    }

    @Coroutine
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Order create(@RequestBody Order order) {
        creates.incrementAndGet();
        await(Mono.delay(Duration.ofMillis(5)));
        return new Order(order.id(), order.item(), Thread.currentThread().getName());
    }

    @Coroutine
    @GetMapping("/{id}/entity")
    ResponseEntity<Order> entity(@PathVariable long id) {
        await(Mono.delay(Duration.ofMillis(1)));
        return ResponseEntity.accepted()
                .header("X-Thread", Thread.currentThread().getName())
                .body(new Order(id, "entity", Thread.currentThread().getName()));
    }

    @Coroutine
    @PostMapping("/touch")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void touch() {
        await(Mono.delay(Duration.ofMillis(1)));
        voidCalls.incrementAndGet();
    }

    @Coroutine
    @GetMapping("/none")
    String none() {
        return await(Mono.<String>empty().delaySubscription(Duration.ofMillis(1)));
    }

    @GetMapping(value = "/stream", produces = MediaType.APPLICATION_NDJSON_VALUE)
    Flux<Order> stream() {
        return Coro.flux(out -> {
            for (int i = 1; i <= 3; i++) {
                await(Mono.delay(Duration.ofMillis(1)));
                out.yield(new Order(i, "item-" + i, Thread.currentThread().getName()));
            }
        });
    }

    /** Opened by the streaming test once it has element 1. */
    volatile CompletableFuture<Void> gate = CompletableFuture.completedFuture(null);

    @GetMapping(value = "/gated-stream", produces = MediaType.APPLICATION_NDJSON_VALUE)
    Flux<Order> gatedStream() {
        CompletableFuture<Void> opened = gate;
        return Coro.flux(out -> {
            out.yield(new Order(1, "first", Thread.currentThread().getName()));
            await(Mono.fromFuture(opened, true).timeout(Duration.ofSeconds(20)));
            out.yield(new Order(2, "second", Thread.currentThread().getName()));
        });
    }

    @GetMapping(value = "/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<String> events() {
        return Coro.flux(out -> {
            out.yield("a");
            await(Mono.delay(Duration.ofMillis(1)));
            out.yield("b");
        });
    }

    @Coroutine
    @GetMapping("/missing/{id}")
    Order missing(@PathVariable long id) {
        await(Mono.delay(Duration.ofMillis(1)));
        throw new OrderNotFoundException(id);
    }

    @GetMapping("/missing-mono/{id}")
    Mono<Order> missingMono(@PathVariable long id) {
        return Mono.error(new OrderNotFoundException(id));
    }

    @Coroutine
    @GetMapping("/invalid")
    Order invalid() {
        await(Mono.delay(Duration.ofMillis(1)));
        throw new IllegalArgumentException("quantity must be positive");
    }

    @GetMapping("/invalid-mono")
    Mono<Order> invalidMono() {
        return Mono.error(new IllegalArgumentException("quantity must be positive"));
    }

    @Coroutine
    @GetMapping("/awaited-error")
    Order awaitedError() {
        return await(Mono.<Order>error(new OrderNotFoundException(7)).delaySubscription(Duration.ofMillis(1)));
    }

    @GetMapping("/not-a-coroutine")
    String notACoroutine() {
        return await(Mono.just("late").delayElement(Duration.ofMillis(1)));
    }

    /** Blocks whatever thread calls it: the BlockHound test's proof that it watches the event loop. */
    @GetMapping("/sleepy")
    String sleepy() throws InterruptedException {
        Thread.sleep(1);
        return "slept";
    }

    @ExceptionHandler(OrderNotFoundException.class)
    ResponseEntity<Map<String, String>> notFound(OrderNotFoundException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND)
                .header("X-Handler", "OrderController")
                .body(Map.of("error", String.valueOf(e.getMessage())));
    }
}
