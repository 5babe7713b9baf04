package dev.coro.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a WebFlux handler method as a coroutine: it returns a plain value (or a {@code ResponseEntity}, or
 * {@code void}), may call {@code Coro.await(...)} anywhere, and WebFlux treats its result as it treats a {@code Mono}.
 *
 * <p>On a method, that method runs as a coroutine; it must not return a reactive type ({@code Mono}, {@code Flux},
 * {@code CompletableFuture}...): startup fails with an {@link IllegalStateException} naming the method, because such
 * a method already runs asynchronously. On a controller class, every handler method of it that does not return a
 * reactive type runs as a coroutine, and the others stay untouched, so a controller converts one method at a time.
 * Anywhere else (a method of a service or component, a controller method that is not a request mapping) it has no
 * effect, and startup logs a WARN naming the method: such a method runs on its caller's thread.
 *
 * <p>The request's arguments are resolved as usual (a request body arrives asynchronously); the method then runs on its
 * own coroutine, named after the handler ({@code coro-OrderController.order-17}), with the request's Reactor
 * {@code Context} as {@code Coro.context()}: awaits see Spring Security's principal, transactions and tracing, and
 * MDC/tracing ThreadLocals are set when Micrometer context-propagation is present. When the client disconnects, the
 * coroutine is cancelled: its current await's subscription is cancelled and its {@code finally} blocks run. An
 * exception thrown by the method goes through {@code @ExceptionHandler} and {@code @ControllerAdvice} exactly as a
 * {@code Mono.error} would.
 *
 * <pre>{@code
 * @RestController
 * class OrderController {
 *     @Coroutine
 *     @GetMapping("/orders/{id}")
 *     OrderView order(@PathVariable long id) {
 *         Order order = await(orders.findById(id));
 *         Customer customer = await(customers.fetch(order.customerId()));
 *         return new OrderView(order, customer);
 *     }
 * }
 * }</pre>
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Coroutine {}
