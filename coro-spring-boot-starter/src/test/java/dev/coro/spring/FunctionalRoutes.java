package dev.coro.spring;

import static dev.coro.Coro.await;
import static dev.coro.spring.CoroHandlerFunctions.coroutine;
import static org.springframework.web.reactive.function.server.RouterFunctions.route;
import static org.springframework.web.reactive.function.server.ServerResponse.ok;
import static org.springframework.web.reactive.function.server.ServerResponse.status;

import dev.coro.Coro;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/** Functional endpoints written as coroutines. */
@Configuration(proxyBeanMethods = false)
class FunctionalRoutes {

    @Bean
    RouterFunction<ServerResponse> coroutineRoutes() {
        return route().GET("/fn/orders/{id}", coroutine(request -> {
                    long id = Long.parseLong(request.pathVariable("id"));
                    String item = await(Mono.just("lamp").delayElement(Duration.ofMillis(2)));
                    return await(ok().bodyValue(
                                    new Order(id, item, Thread.currentThread().getName())));
                }))
                .POST("/fn/orders", coroutine("createOrder", request -> {
                    Order order = await(request.bodyToMono(Order.class));
                    return await(status(HttpStatus.CREATED)
                            .bodyValue(new Order(
                                    order.id(),
                                    order.item(),
                                    Thread.currentThread().getName())));
                }))
                .GET("/fn/missing/{id}", coroutine(request -> {
                    await(Mono.delay(Duration.ofMillis(1)));
                    throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no order " + request.pathVariable("id"));
                }))
                .GET(
                        "/fn/tenant",
                        coroutine(request -> await(ok().bodyValue(Coro.context().getOrDefault("tenant", "none")))))
                .build();
    }
}
