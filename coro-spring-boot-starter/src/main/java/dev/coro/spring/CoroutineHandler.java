package dev.coro.spring;

import dev.coro.Coro;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.validation.method.MethodValidator;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.DispatchExceptionHandler;
import org.springframework.web.reactive.HandlerResult;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.Exceptions;
import reactor.core.Fuseable;
import reactor.core.publisher.Mono;

/**
 * A {@code @Coroutine} handler method of one controller bean: its arguments resolved by WebFlux's resolvers on the
 * thread that handles the request, then one coroutine that validates them and invokes the method.
 *
 * <p>The request crosses threads once, when the coroutine starts. A request body is decoded where it arrives, on the
 * connection's event loop, as for a {@code Mono}-returning handler: awaiting it from the coroutine instead would make
 * Reactor Netty hand the subscription to the event loop and the decoded body back to the coroutine, two crossings
 * more. So a client that goes away while its body arrives cancels a Reactor chain, not a coroutine; and a slow upload
 * holds no slot of {@code coro.scheduler.max-concurrency}.
 *
 * <p>What follows argument resolution mirrors WebFlux's {@code InvocableHandlerMethod#invoke} for a method that is not
 * a Kotlin function: method validation, the reflective call, {@code @ResponseStatus}, "response handled" for a
 * {@code null} result, and WebFlux's own {@link HandlerResult}, so return values are handled as for any handler.
 */
final class CoroutineHandler extends HandlerMethod {

    private static final Object NO_VALUE = new Object();

    private static final int[] NO_INDEXES = new int[0];

    private static final ParameterNameDiscoverer PARAMETER_NAMES = new DefaultParameterNameDiscoverer();

    final CoroutineNames names;

    /** Whether WebFlux must prepare the request first (model, {@code @InitBinder} binding context). */
    final boolean preparesWithWebFlux;

    /** Invoked by WebFlux in this method's place to prepare the request: same controller bean. */
    final HandlerMethod preparation;

    private final HandlerMethod raise;

    /**
     * WebFlux's exception handling for this controller when there is no preparation to take it from: WebFlux invokes
     * {@link #raise}, which throws the error, so the controller's {@code @ExceptionHandler} methods and then the advice
     * answer as for a failing method of the controller.
     */
    final DispatchExceptionHandler raising;

    private volatile @Nullable Bound bound;

    CoroutineHandler(
            HandlerMethod handlerMethod,
            CoroutineNames names,
            boolean preparesWithWebFlux,
            BiFunction<ServerWebExchange, HandlerMethod, Mono<HandlerResult>> webFlux) {
        super(handlerMethod);
        this.names = names;
        this.preparesWithWebFlux = preparesWithWebFlux;
        this.preparation = new HandlerMethod(getBean(), CoroRequestMappingHandlerAdapter.Preparation.PREPARE);
        this.raise = new HandlerMethod(getBean(), CoroRequestMappingHandlerAdapter.Preparation.RAISE);
        this.raising = (exchange, error) -> webFlux.apply(exchange, raise(exchange, error));
        for (MethodParameter parameter : getMethodParameters()) {
            parameter.initParameterNameDiscovery(PARAMETER_NAMES);
        }
    }

    private HandlerMethod raise(ServerWebExchange exchange, Throwable error) {
        exchange.getAttributes().put(CoroRequestMappingHandlerAdapter.Preparation.ERROR_ATTRIBUTE, error);
        return raise;
    }

    /**
     * Resolves the arguments, then runs the method in a coroutine; errors go to {@code exceptionHandler}, as the
     * last two lines of {@code RequestMappingHandlerAdapter#handle} send them.
     */
    Mono<HandlerResult> handle(
            ServerWebExchange exchange,
            BindingContext bindingContext,
            DispatchExceptionHandler exceptionHandler,
            Resolvers resolvers) {
        Bound b = bind(resolvers);
        bindingContext.setMethodValidationApplicable(b.validator != null);
        @Nullable Object[] args = new Object[getMethodParameters().length];
        Mono<@Nullable Object[]> pending = resolveArguments(b, exchange, bindingContext, args);
        Mono<HandlerResult> result = pending == null
                // Every argument was at hand (no body, no session): start the coroutine right away.
                ? run(exchange, bindingContext, b, args)
                : pending.flatMap(resolved -> run(exchange, bindingContext, b, resolved));
        return result.doOnNext(r -> r.setExceptionHandler(exceptionHandler))
                .onErrorResume(error -> exceptionHandler.handleError(exchange, error));
    }

    private Mono<HandlerResult> run(
            ServerWebExchange exchange, BindingContext bindingContext, Bound b, @Nullable Object[] args) {
        return Mono.deferContextual(
                context -> Coro.mono(names.next(context), () -> invoke(exchange, bindingContext, b, args)));
    }

    /**
     * As {@code InvocableHandlerMethod#getMethodArgumentValues}, with the resolver of each parameter found once: fills
     * {@code args} and returns {@code null} when every argument is at hand, or else a Mono of {@code args} once the
     * others have arrived (or of the first error).
     */
    private @Nullable Mono<@Nullable Object[]> resolveArguments(
            Bound b, ServerWebExchange exchange, BindingContext context, @Nullable Object[] args) {
        MethodParameter[] parameters = getMethodParameters();
        List<Mono<Object>> pending = null;
        int[] pendingIndex = NO_INDEXES;
        for (int i = 0; i < parameters.length; i++) {
            MethodParameter parameter = parameters[i];
            HandlerMethodArgumentResolver resolver = b.resolvers[i];
            if (resolver == null) {
                return Mono.error(new IllegalStateException(formatArgumentError(parameter, "No suitable resolver")));
            }
            Mono<Object> argument;
            try {
                argument = resolver.resolveArgument(parameter, context, exchange);
            } catch (Exception ex) {
                logArgumentError(exchange, parameter, ex);
                return Mono.error(ex);
            }
            if (argument instanceof Fuseable.ScalarCallable<?> scalar) {
                // Mono.just, Mono.empty, Mono.error: what WebFlux's zip would read without waiting.
                try {
                    args[i] = scalar.call();
                } catch (Throwable ex) {
                    Throwable error = Exceptions.unwrap(ex);
                    logArgumentError(exchange, parameter, error);
                    return Mono.error(error);
                }
            } else {
                if (pending == null) {
                    pending = new ArrayList<>(parameters.length - i);
                    pendingIndex = new int[parameters.length - i];
                }
                pendingIndex[pending.size()] = i;
                pending.add(
                        argument.defaultIfEmpty(NO_VALUE).doOnError(ex -> logArgumentError(exchange, parameter, ex)));
            }
        }
        if (pending == null) {
            return null;
        }
        int[] indexes = pendingIndex;
        return Mono.zip(pending, values -> {
            for (int k = 0; k < values.length; k++) {
                args[indexes[k]] = values[k] == NO_VALUE ? null : values[k];
            }
            return args;
        });
    }

    private void logArgumentError(ServerWebExchange exchange, MethodParameter parameter, Throwable ex) {
        String message = ex.getMessage();
        if (message != null
                && logger.isDebugEnabled()
                && !message.contains(parameter.getExecutable().toGenericString())) {
            logger.debug(exchange.getLogPrefix() + formatArgumentError(parameter, message));
        }
    }

    /** The coroutine's body: as the invocation step of {@code InvocableHandlerMethod#invoke}. */
    private @Nullable HandlerResult invoke(
            ServerWebExchange exchange, BindingContext bindingContext, Bound b, @Nullable Object[] args)
            throws Exception {
        MethodValidator validator = b.validator;
        Method method = getBridgedMethod();
        if (validator != null) {
            try {
                LocaleContextHolder.setLocaleContext(exchange.getLocaleContext());
                validator.applyArgumentValidation(getBean(), method, getMethodParameters(), args, b.groups);
            } finally {
                LocaleContextHolder.resetLocaleContext();
            }
        }
        Object value;
        try {
            value = method.invoke(getBean(), args);
        } catch (IllegalArgumentException ex) {
            assertTargetBean(method, getBean(), args);
            String text = ex.getMessage() != null ? ex.getMessage() : "Illegal argument";
            throw new IllegalStateException(formatInvokeError(text, args), ex);
        } catch (InvocationTargetException ex) {
            throw Sneaky.<Exception>raise(ex.getTargetException());
        }
        HttpStatusCode status = getResponseStatus();
        if (status != null) {
            exchange.getResponse().setStatusCode(status);
        }
        if (value == null && isResponseHandled(args, exchange)) {
            return null;
        }
        return new HandlerResult(this, value, getReturnType(), bindingContext);
    }

    private boolean isResponseHandled(@Nullable Object[] args, ServerWebExchange exchange) {
        if (getResponseStatus() != null || exchange.isNotModified()) {
            return true;
        }
        for (Object arg : args) {
            if (arg instanceof ServerHttpResponse || arg instanceof ServerWebExchange) {
                return true;
            }
        }
        return false;
    }

    private Bound bind(Resolvers resolvers) {
        Bound b = bound;
        if (b == null || b.source != resolvers) {
            b = new Bound(this, resolvers);
            bound = b;
        }
        return b;
    }

    /** WebFlux's request-mapping argument resolvers (one list for every method) and its method validator. */
    record Resolvers(
            List<HandlerMethodArgumentResolver> list,
            @Nullable MethodValidator validator) {}

    /** This method's resolver per parameter and its method validation, for one {@link Resolvers}. */
    private static final class Bound {

        final Resolvers source;
        final @Nullable HandlerMethodArgumentResolver[] resolvers;
        final @Nullable MethodValidator validator;
        final Class<?>[] groups;

        Bound(CoroutineHandler method, Resolvers source) {
            this.source = source;
            MethodParameter[] parameters = method.getMethodParameters();
            this.resolvers = new HandlerMethodArgumentResolver[parameters.length];
            for (int i = 0; i < parameters.length; i++) {
                for (HandlerMethodArgumentResolver resolver : source.list) {
                    if (resolver.supportsParameter(parameters[i])) {
                        resolvers[i] = resolver;
                        break;
                    }
                }
            }
            this.validator = method.shouldValidateArguments() ? source.validator : null;
            this.groups = validator != null
                    ? validator.determineValidationGroups(method.getBean(), method.getBridgedMethod())
                    : new Class<?>[0];
        }
    }

    private static final class Sneaky {
        @SuppressWarnings("unchecked")
        static <E extends Throwable> E raise(Throwable t) throws E {
            throw (E) t;
        }
    }
}
