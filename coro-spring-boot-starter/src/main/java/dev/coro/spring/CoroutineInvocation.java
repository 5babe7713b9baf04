package dev.coro.spring;

import dev.coro.AwaitIterable;
import dev.coro.Coro;
import org.jspecify.annotations.Nullable;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.HandlerResult;
import org.springframework.web.reactive.result.method.InvocableHandlerMethod;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The body of a {@code @Coroutine} handler's coroutine: WebFlux resolves the arguments and invokes the method, and
 * every step after argument resolution runs here, on the coroutine's thread.
 *
 * <p>Arguments may complete on any thread (a body on an event loop). The invocation is published on an
 * {@link InvocationHop}, and this loop runs what the hop receives, so the controller method, its validation and its
 * {@code Coro.await} calls run on the coroutine and park it instead of blocking an event loop.
 */
final class CoroutineInvocation {

    private static final Object NO_RESULT = new Object();

    private CoroutineInvocation() {}

    static @Nullable HandlerResult run(
            InvocableHandlerMethod invocable, ServerWebExchange exchange, BindingContext bindingContext)
            throws Exception {
        InvocationHop hop = new InvocationHop();
        invocable.setInvocationScheduler(hop);
        Mono<Object> outcome = invocable
                .invoke(exchange, bindingContext)
                .<Object>map(result -> result)
                .defaultIfEmpty(NO_RESULT)
                // Carried as a value, so the very exception object reaches WebFlux's exception handling untouched.
                .onErrorResume(error -> Mono.just(new Failure(error)));
        try (AwaitIterable<Object> signals = Coro.each(Flux.merge(hop.tasks(), outcome), 1)) {
            for (Object signal : signals) {
                if (signal instanceof Runnable task) {
                    task.run();
                } else if (signal instanceof Failure failure) {
                    throw Failure.<Exception>sneak(failure.error);
                } else {
                    return signal == NO_RESULT ? null : (HandlerResult) signal;
                }
            }
        }
        throw new IllegalStateException("The invocation of " + invocable + " ended without a result");
    }

    private record Failure(Throwable error) {
        @SuppressWarnings("unchecked")
        static <E extends Throwable> E sneak(Throwable t) throws E {
            throw (E) t;
        }
    }
}
