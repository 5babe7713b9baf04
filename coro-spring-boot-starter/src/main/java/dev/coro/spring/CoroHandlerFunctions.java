package dev.coro.spring;

import dev.coro.Coro;
import dev.coro.CoroScheduler;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.util.pattern.PathPattern;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * Adapts straight-line {@link CoroHandlerFunction}s to WebFlux {@link HandlerFunction}s for
 * {@link RouterFunctions#route()}.
 *
 * <p><b>Threading, cancellation, backpressure.</b> Every request runs the function in a new coroutine
 * ({@code Coro.mono}) subscribed in the request's chain: named after the route ({@code coro-GET /orders/{id}-3}),
 * scheduled by the {@code CoroScheduler} in the request's Context, with that Context as {@code Coro.context()}. A
 * client disconnect cancels the coroutine at its current await, so its {@code finally} blocks run. A thrown exception
 * is handled as a {@code Mono.error} returned by a handler function would be. Without the starter's
 * {@code CoroScheduler} in the request's Context ({@code coro.enabled=false} or {@code coro.webflux.enabled=false}),
 * the route fails with an {@code IllegalStateException} saying so, and startup has logged a WARN naming it.
 *
 * <pre>{@code
 * @Bean
 * RouterFunction<ServerResponse> routes(OrderRepository orders) {
 *     return route()
 *             .GET("/orders/{id}", coroutine(request -> {
 *                 Order order = await(orders.findById(Long.parseLong(request.pathVariable("id"))));
 *                 return await(ok().bodyValue(order));
 *             }))
 *             .build();
 * }
 * }</pre>
 */
public final class CoroHandlerFunctions {

    private CoroHandlerFunctions() {}

    /**
     * Returns a handler function that runs {@code body} as a coroutine, named after the matched route.
     *
     * <p><b>Threading, cancellation, backpressure.</b> See the class documentation.
     *
     * <pre>{@code
     * route().GET("/hello", coroutine(request -> await(ok().bodyValue("hello")))).build();
     * }</pre>
     *
     * @param body the straight-line handler
     * @return a handler function for {@code RouterFunctions}
     */
    public static HandlerFunction<ServerResponse> coroutine(CoroHandlerFunction body) {
        Objects.requireNonNull(body, "coroutine(...) needs a handler function");
        return new Adapter(null, body);
    }

    /**
     * Returns a handler function that runs {@code body} as a coroutine whose name starts with {@code name}.
     *
     * <p><b>Threading, cancellation, backpressure.</b> See the class documentation.
     *
     * <pre>{@code
     * route().GET("/orders/{id}", coroutine("showOrder", this::show)).build();
     * }</pre>
     *
     * @param name the stem of the coroutines' names, {@code coro-showOrder-3}
     * @param body the straight-line handler
     * @return a handler function for {@code RouterFunctions}
     */
    public static HandlerFunction<ServerResponse> coroutine(String name, CoroHandlerFunction body) {
        Objects.requireNonNull(name, "coroutine(name, ...) needs a name (or use the overload without one)");
        Objects.requireNonNull(body, "coroutine(...) needs a handler function");
        return new Adapter(name, body);
    }

    static final class Adapter implements HandlerFunction<ServerResponse> {

        private final @Nullable String stem;
        private final CoroutineNames names;
        private final CoroHandlerFunction body;

        Adapter(@Nullable String stem, CoroHandlerFunction body) {
            this.stem = stem;
            this.names = new CoroutineNames(stem != null ? stem : "route");
            this.body = body;
        }

        @Override
        public Mono<ServerResponse> handle(ServerRequest request) {
            return Mono.deferContextual(context -> Coro.mono(name(request, context), () -> {
                ServerResponse response = body.handle(request);
                if (response == null) {
                    throw new IllegalStateException("The coroutine handler for " + request.method() + " "
                            + request.path() + " returned null: return a ServerResponse, for example "
                            + "await(ServerResponse.noContent().build())");
                }
                return response;
            }));
        }

        private String name(ServerRequest request, ContextView context) {
            String route = request.attribute(RouterFunctions.MATCHING_PATTERN_ATTRIBUTE)
                    .map(pattern -> ((PathPattern) pattern).getPatternString())
                    .orElse(request.path());
            CoroScheduler scheduler = CoroutineNames.requireScheduler(
                    context, "The coroutine route " + request.method().name() + " " + route);
            return stem != null
                    ? names.next(scheduler)
                    : names.next(scheduler, request.method().name() + " " + route);
        }
    }
}
