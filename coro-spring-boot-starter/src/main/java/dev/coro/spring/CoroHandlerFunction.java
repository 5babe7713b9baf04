package dev.coro.spring;

import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * A straight-line WebFlux functional handler: takes the request, may await, returns the response.
 *
 * <p><b>Threading, cancellation, backpressure.</b> Runs inside a coroutine made by
 * {@link CoroHandlerFunctions#coroutine(CoroHandlerFunction)}: {@code Coro.await} parks it, the request's Reactor
 * Context is {@code Coro.context()}, and a client disconnect cancels it at its current await. WebFlux's response
 * builders return a {@code Mono<ServerResponse>} that is already a value: await it to get the response.
 *
 * <pre>{@code
 * CoroHandlerFunction show = request -> {
 *     Order order = await(orders.findById(Long.parseLong(request.pathVariable("id"))));
 *     return await(ServerResponse.ok().bodyValue(order));
 * };
 * }</pre>
 */
@FunctionalInterface
public interface CoroHandlerFunction {

    /**
     * Handles the request.
     *
     * <p><b>Threading, cancellation, backpressure.</b> Called on the request's coroutine; see the interface.
     *
     * <pre>{@code
     * ServerResponse response = handler.handle(request);
     * }</pre>
     *
     * @param request the request
     * @return the response, never {@code null}
     * @throws Exception any failure, handled by WebFlux as a {@code Mono.error} from a handler function
     */
    ServerResponse handle(ServerRequest request) throws Exception;
}
