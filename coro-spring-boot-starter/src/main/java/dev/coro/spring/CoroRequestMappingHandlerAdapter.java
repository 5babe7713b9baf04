package dev.coro.spring;

import dev.coro.Coro;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationContext;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.MethodParameter;
import org.springframework.core.ReactiveAdapterRegistry;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;
import org.springframework.validation.method.MethodValidator;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.SessionAttributes;
import org.springframework.web.bind.support.SessionStatus;
import org.springframework.web.bind.support.WebBindingInitializer;
import org.springframework.web.bind.support.WebExchangeDataBinder;
import org.springframework.web.method.ControllerAdviceBean;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.method.annotation.HandlerMethodValidator;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.DispatchExceptionHandler;
import org.springframework.web.reactive.HandlerResult;
import org.springframework.web.reactive.result.ExtendedWebExchangeDataBinder;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.reactive.result.method.InvocableHandlerMethod;
import org.springframework.web.reactive.result.method.annotation.ModelAttributeMethodArgumentResolver;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerAdapter;
import org.springframework.web.reactive.result.method.annotation.RequestParamMethodArgumentResolver;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The WebFlux {@link RequestMappingHandlerAdapter} that runs {@link Coroutine @Coroutine} handler methods as
 * coroutines and every other handler method exactly as its superclass does.
 *
 * <p>The auto-configuration installs it through a {@code WebFluxRegistrations} bean. An application that has a
 * {@code WebFluxRegistrations} of its own returns this class (or a subclass) from
 * {@code getRequestMappingHandlerAdapter()}; startup fails with a message saying so otherwise. See
 * {@code docs/adr/0002-webflux-hook.md} for how the hook works and why.
 *
 * <p><b>Threading, cancellation, backpressure.</b> For a coroutine handler, WebFlux first prepares the request as for
 * any handler method of the controller ({@code @ModelAttribute} methods, {@code @InitBinder} binding context,
 * exception handlers). Then a coroutine ({@code Coro.mono}, subscribed in the request's chain, so with its Reactor
 * {@code Context}) resolves the arguments with WebFlux's own resolvers and invokes the method on its own thread. The
 * {@code HandlerResult} is WebFlux's own, so return values are handled exactly as for a non-coroutine method, and
 * errors go through {@code @ExceptionHandler}/{@code @ControllerAdvice} as a {@code Mono.error} would. Cancelling the
 * request (a client disconnect) cancels the coroutine.
 *
 * <pre>{@code
 * @Bean
 * WebFluxRegistrations webFluxRegistrations() {
 *     return new WebFluxRegistrations() {
 *         @Override
 *         public RequestMappingHandlerAdapter getRequestMappingHandlerAdapter() {
 *             return new CoroRequestMappingHandlerAdapter();
 *         }
 *     };
 * }
 * }</pre>
 */
public class CoroRequestMappingHandlerAdapter extends RequestMappingHandlerAdapter {

    private static final boolean BEAN_VALIDATION_PRESENT =
            ClassUtils.isPresent("jakarta.validation.Validator", HandlerMethod.class.getClassLoader());

    private static final Method PREPARE = Preparation.method("prepare");

    private static final Method RAISE = Preparation.method("raise", ServerWebExchange.class);

    /** Per handler method of a controller type: its {@link CoroutineHandler}, or {@link #NOT_A_COROUTINE}. */
    private final Map<HandlerKey, Object> handlers = new ConcurrentHashMap<>();

    private static final Object NOT_A_COROUTINE = new Object();

    private volatile @Nullable Resolvers resolvers;

    private volatile @Nullable List<ControllerAdviceBean> advice;

    private volatile @Nullable ApplicationContext applicationContext;

    /** Creates the adapter; WebFlux's configuration sets its collaborators before use. */
    public CoroRequestMappingHandlerAdapter() {}

    /**
     * Handles the request as the superclass does, running the handler method as a coroutine when it is one.
     *
     * <p><b>Threading, cancellation, backpressure.</b> See the class documentation.
     *
     * <pre>{@code
     * Mono<HandlerResult> result = adapter.handle(exchange, handlerMethod);
     * }</pre>
     *
     * @param exchange the current exchange
     * @param handler the handler method, as found by the handler mapping
     * @return the handler's result
     */
    @Override
    public Mono<HandlerResult> handle(ServerWebExchange exchange, Object handler) {
        HandlerMethod handlerMethod = (HandlerMethod) handler;
        if (!(handlerFor(handlerMethod) instanceof CoroutineHandler coroutine)) {
            return super.handle(exchange, handler);
        }
        Resolvers r = resolvers;
        if (r != null && coroutine.needsNoPreparation) {
            // Nothing for WebFlux to prepare: a binding context as WebFlux makes one without @InitBinder methods,
            // and WebFlux's exception handling only once there is an exception.
            BindingContext bindingContext = new PlainBindingContext(getWebBindingInitializer(), registry());
            DispatchExceptionHandler exceptionHandler = (onExchange, error) ->
                    super.handle(onExchange, coroutine.raiseFor(handlerMethod.getBean(), onExchange, error));
            return invokeAsCoroutine(exchange, handlerMethod, coroutine.names, r, bindingContext, exceptionHandler);
        }
        // WebFlux prepares the request as for any method of this controller (model, binders, exception handlers)
        // by invoking a no-argument static method in its place; the real method runs in the coroutine.
        return super.handle(exchange, coroutine.preparationFor(handlerMethod.getBean()))
                .flatMap(prepared -> isPrepared(prepared)
                        ? invokeAsCoroutine(exchange, handlerMethod, coroutine.names, prepared)
                        // A @ModelAttribute method failed and an exception handler answered: that is the response.
                        : Mono.just(prepared));
    }

    private static boolean isPrepared(HandlerResult result) {
        return result.getHandler() instanceof InvocableHandlerMethod invocable
                && invocable.getMethod().equals(PREPARE);
    }

    private Mono<HandlerResult> invokeAsCoroutine(
            ServerWebExchange exchange, HandlerMethod handlerMethod, CoroutineNames names, HandlerResult prepared) {
        DispatchExceptionHandler exceptionHandler = Objects.requireNonNull(
                prepared.getExceptionHandler(), "WebFlux gave the prepared request no exception handler");
        return invokeAsCoroutine(
                exchange,
                handlerMethod,
                names,
                resolvers((InvocableHandlerMethod) prepared.getHandler()),
                prepared.getBindingContext(),
                exceptionHandler);
    }

    private Mono<HandlerResult> invokeAsCoroutine(
            ServerWebExchange exchange,
            HandlerMethod handlerMethod,
            CoroutineNames names,
            Resolvers r,
            BindingContext bindingContext,
            DispatchExceptionHandler exceptionHandler) {
        InvocableHandlerMethod invocable = new InvocableHandlerMethod(handlerMethod);
        invocable.setArgumentResolvers(r.list);
        invocable.setReactiveAdapterRegistry(registry());
        invocable.setMethodValidator(r.validator);
        bindingContext.setMethodValidationApplicable(r.validator != null && handlerMethod.shouldValidateArguments());
        return Mono.deferContextual(context -> Coro.mono(
                        names.next(context), () -> CoroutineInvocation.run(invocable, exchange, bindingContext)))
                .doOnNext(result -> result.setExceptionHandler(exceptionHandler))
                .onErrorResume(error -> exceptionHandler.handleError(exchange, CoroutineInvocation.unwrap(error)));
    }

    private @Nullable Object handlerFor(HandlerMethod handlerMethod) {
        // Keyed by bean type too: an inherited method is a coroutine only under a class-level @Coroutine.
        return handlers.computeIfAbsent(
                new HandlerKey(handlerMethod.getBeanType(), handlerMethod.getMethod()),
                key -> CoroutineHandlerMethods.isCoroutine(handlerMethod, registry())
                        ? new CoroutineHandler(
                                new CoroutineNames(CoroutineHandlerMethods.displayName(handlerMethod)),
                                needsNoPreparation(handlerMethod))
                        : NOT_A_COROUTINE);
    }

    /**
     * Whether WebFlux would have nothing to prepare for this handler method: no {@code @InitBinder} or
     * {@code @ModelAttribute} method in its controller or an advice that applies to it, no {@code @SessionAttributes},
     * no {@code SessionStatus} parameter (its resolver needs WebFlux's own binding context).
     */
    private boolean needsNoPreparation(HandlerMethod handlerMethod) {
        Class<?> beanType = handlerMethod.getBeanType();
        if (AnnotatedElementUtils.hasAnnotation(beanType, SessionAttributes.class)
                || hasPreparationMethods(beanType)
                || Arrays.stream(handlerMethod.getMethodParameters())
                        .anyMatch(p -> SessionStatus.class.isAssignableFrom(p.getParameterType()))) {
            return false;
        }
        for (ControllerAdviceBean advice : advice()) {
            if (advice.isApplicableToBeanType(beanType)) {
                Class<?> adviceType = advice.getBeanType();
                if (adviceType == null || hasPreparationMethods(adviceType)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean hasPreparationMethods(Class<?> type) {
        // The filters WebFlux selects @InitBinder and @ModelAttribute methods with.
        return !MethodIntrospector.selectMethods(type, (ReflectionUtils.MethodFilter)
                        method -> AnnotatedElementUtils.hasAnnotation(method, InitBinder.class)
                                || (AnnotatedElementUtils.hasAnnotation(method, ModelAttribute.class)
                                        && !AnnotatedElementUtils.hasAnnotation(method, RequestMapping.class)))
                .isEmpty();
    }

    private List<ControllerAdviceBean> advice() {
        List<ControllerAdviceBean> a = advice;
        if (a == null) {
            ApplicationContext context = applicationContext;
            a = context != null ? List.copyOf(ControllerAdviceBean.findAnnotatedBeans(context)) : List.of();
            advice = a;
        }
        return a;
    }

    /**
     * Sets the application context, as the superclass does, and keeps it to find the controller advice.
     *
     * <pre>{@code
     * adapter.setApplicationContext(context);
     * }</pre>
     *
     * @param applicationContext the application context
     */
    @Override
    public void setApplicationContext(ApplicationContext applicationContext) {
        super.setApplicationContext(applicationContext);
        this.applicationContext = applicationContext;
    }

    private ReactiveAdapterRegistry registry() {
        ReactiveAdapterRegistry registry = getReactiveAdapterRegistry();
        return registry != null ? registry : ReactiveAdapterRegistry.getSharedInstance();
    }

    /** WebFlux's request-mapping argument resolvers (the same list for every method) and the method validator. */
    private Resolvers resolvers(InvocableHandlerMethod prepared) {
        Resolvers r = resolvers;
        if (r == null) {
            List<HandlerMethodArgumentResolver> list = List.copyOf(prepared.getResolvers());
            // As WebFlux builds its own: Bean Validation present and a Validator configured.
            MethodValidator validator = BEAN_VALIDATION_PRESENT
                    ? HandlerMethodValidator.from(
                            getWebBindingInitializer(),
                            null,
                            firstResolverIs(list, ModelAttributeMethodArgumentResolver.class),
                            firstResolverIs(list, RequestParamMethodArgumentResolver.class))
                    : null;
            r = new Resolvers(list, validator);
            resolvers = r;
        }
        return r;
    }

    private static Predicate<MethodParameter> firstResolverIs(
            List<HandlerMethodArgumentResolver> resolvers, Class<?> type) {
        return parameter -> {
            for (HandlerMethodArgumentResolver resolver : resolvers) {
                if (resolver.supportsParameter(parameter)) {
                    return type.isInstance(resolver);
                }
            }
            return false;
        };
    }

    private record HandlerKey(Class<?> beanType, Method method) {}

    /**
     * A coroutine handler method: how to name its coroutines, whether WebFlux has anything to prepare for it, and its
     * controller's preparation and error-raising methods.
     */
    private static final class CoroutineHandler {

        final CoroutineNames names;
        final boolean needsNoPreparation;
        // The bean is a singleton for nearly every controller; another scope just builds new ones.
        private volatile @Nullable HandlerMethod preparation;
        private volatile @Nullable HandlerMethod raise;

        CoroutineHandler(CoroutineNames names, boolean needsNoPreparation) {
            this.names = names;
            this.needsNoPreparation = needsNoPreparation;
        }

        HandlerMethod preparationFor(Object bean) {
            HandlerMethod p = preparation;
            if (p == null || p.getBean() != bean) {
                p = new HandlerMethod(bean, Objects.requireNonNull(PREPARE));
                preparation = p;
            }
            return p;
        }

        /** The method that, invoked by WebFlux for this controller, fails with {@code error}. */
        HandlerMethod raiseFor(Object bean, ServerWebExchange exchange, Throwable error) {
            exchange.getAttributes().put(Preparation.ERROR_ATTRIBUTE, error);
            HandlerMethod r = raise;
            if (r == null || r.getBean() != bean) {
                r = new HandlerMethod(bean, Objects.requireNonNull(RAISE));
                raise = r;
            }
            return r;
        }
    }

    /** WebFlux's binding context for a controller without {@code @InitBinder} methods. */
    private static final class PlainBindingContext extends BindingContext {

        PlainBindingContext(@Nullable WebBindingInitializer initializer, ReactiveAdapterRegistry registry) {
            super(initializer, registry);
        }

        @Override
        protected WebExchangeDataBinder createBinderInstance(@Nullable Object target, String name) {
            // As WebFlux's own binding context: binds URI variables and headers too.
            return new ExtendedWebExchangeDataBinder(target, name);
        }
    }

    private record Resolvers(
            List<HandlerMethodArgumentResolver> list,
            @Nullable MethodValidator validator) {}

    /**
     * Holds the methods WebFlux invokes in place of a coroutine handler: to prepare its request, to handle its error.
     */
    static final class Preparation {

        static final String ERROR_ATTRIBUTE = Preparation.class.getName() + ".error";

        private Preparation() {}

        static Method method(String name, Class<?>... parameterTypes) {
            Method method = ReflectionUtils.findMethod(Preparation.class, name, parameterTypes);
            if (method == null) {
                throw new IllegalStateException("Preparation." + name + " is missing (renamed without this lookup?)");
            }
            return method;
        }

        // Reactive, so that a blocking-execution predicate never moves the preparation to an executor.
        static Mono<Object> prepare() {
            return Mono.empty();
        }

        // Throws instead of returning Mono.error: WebFlux hands an error of the invocation itself, not of the result,
        // to the controller's exception handling.
        static Mono<Object> raise(ServerWebExchange exchange) throws Throwable {
            Throwable error = (Throwable) exchange.getAttributes().remove(ERROR_ATTRIBUTE);
            throw Objects.requireNonNull(error, "no error to raise");
        }
    }
}
