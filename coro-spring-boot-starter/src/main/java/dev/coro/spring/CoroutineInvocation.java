package dev.coro.spring;

import dev.coro.AwaitIterable;
import dev.coro.Coro;
import java.util.concurrent.CancellationException;
import org.jspecify.annotations.Nullable;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.HandlerResult;
import org.springframework.web.reactive.result.method.InvocableHandlerMethod;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.DisconnectedClientHelper;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The body of a {@code @Coroutine} handler's coroutine: WebFlux resolves the arguments and invokes the method, and
 * every step after argument resolution runs here, on the coroutine's thread.
 *
 * <p>Arguments may complete on any thread (a body on an event loop). The invocation is published on an
 * {@link InvocationHop}, and this loop runs what the hop receives, so the controller method, its validation and its
 * {@code Coro.await} calls run on the coroutine and park it instead of blocking an event loop.
 *
 * <p>A client that goes away while its request body arrives is reported twice by Netty, racing: as a cancel of the
 * response and as an error of the body. When the error comes second, the coroutine's own failure would reach Reactor's
 * {@code onErrorDropped} hook, which logs an ERROR; WebFlux treats a lost client quietly. So such an error ends the
 * coroutine as a cancellation ({@link ClientGone}): after the cancel it is then quiet, and before it the adapter hands
 * WebFlux the original error, which WebFlux logs at DEBUG. Every other error is thrown as it is.
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
                    if (DisconnectedClientHelper.isClientDisconnectedException(failure.error)) {
                        throw new ClientGone(failure.error);
                    }
                    throw Failure.<Exception>sneak(failure.error);
                } else {
                    return signal == NO_RESULT ? null : (HandlerResult) signal;
                }
            }
        }
        throw new IllegalStateException("The invocation of " + invocable + " ended without a result");
    }

    /** The original error for WebFlux: a {@link ClientGone}'s cause, any other error itself. */
    static Throwable unwrap(Throwable error) {
        return error instanceof ClientGone gone && gone.getCause() != null ? gone.getCause() : error;
    }

    /** The client went away: the coroutine ends as cancelled, carrying the disconnect error as its cause. */
    static final class ClientGone extends CancellationException {

        ClientGone(Throwable disconnect) {
            super("The client went away: " + disconnect);
            initCause(disconnect);
        }
    }

    private record Failure(Throwable error) {
        @SuppressWarnings("unchecked")
        static <E extends Throwable> E sneak(Throwable t) throws E {
            throw (E) t;
        }
    }
}
