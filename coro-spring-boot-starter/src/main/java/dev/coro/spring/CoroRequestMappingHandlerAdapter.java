package dev.coro.spring;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
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
import org.springframework.web.reactive.HandlerResult;
import org.springframework.web.reactive.result.ExtendedWebExchangeDataBinder;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.reactive.result.method.InvocableHandlerMethod;
import org.springframework.web.reactive.result.method.annotation.ModelAttributeMethodArgumentResolver;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerAdapter;
import org.springframework.web.reactive.result.method.annotation.RequestParamMethodArgumentResolver;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * The WebFlux {@link RequestMappingHandlerAdapter} that runs {@link Coroutine @Coroutine} handler methods as
 * coroutines and every other handler method exactly as its superclass does.
 *
 * <p>The auto-configuration installs it through a {@code WebFluxRegistrations} bean. An application that has a
 * {@code WebFluxRegistrations} of its own returns this class (or a subclass) from
 * {@code getRequestMappingHandlerAdapter()}; startup fails with a message saying so otherwise. See
 * {@code docs/adr/0002-webflux-hook.md} for how the hook works and why, and
 * {@code docs/adr/0014-one-crossing-per-request.md} for the request's path through it.
 *
 * <p><b>Threading, cancellation, backpressure.</b> For a coroutine handler, WebFlux's own resolvers resolve the
 * arguments on the thread that handles the request (a request body is decoded where it arrives, on the event loop),
 * after WebFlux has prepared the request when the controller has something to prepare ({@code @ModelAttribute} and
 * {@code @InitBinder} methods). Then one coroutine ({@code Coro.mono}, subscribed in the request's chain, so with its
 * Reactor {@code Context}) validates the arguments and invokes the method on its own thread: the request crosses
 * threads once. The {@code HandlerResult} is WebFlux's own, so return values are handled exactly as for a
 * non-coroutine method, and errors go through {@code @ExceptionHandler}/{@code @ControllerAdvice} as a
 * {@code Mono.error} would. Cancelling the request (a client disconnect) cancels the coroutine, or, while the arguments
 * are still arriving, the request before any coroutine starts.
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

    private static final Log logger = LogFactory.getLog(CoroRequestMappingHandlerAdapter.class);

    private static final boolean BEAN_VALIDATION_PRESENT =
            ClassUtils.isPresent("jakarta.validation.Validator", HandlerMethod.class.getClassLoader());

    /** Per handler method of a controller type: its {@link Registration}, or {@link #NOT_A_COROUTINE}. */
    private final Map<HandlerKey, Object> handlers = new ConcurrentHashMap<>();

    private static final Object NOT_A_COROUTINE = new Object();

    /** WebFlux's resolvers, read at startup; {@code null} when they could not be, see {@link #readResolvers}. */
    private volatile CoroutineHandler.@Nullable Resolvers resolvers;

    /** The resolvers last read from a preparation, so that handlers keep what they found for each parameter. */
    private volatile CoroutineHandler.@Nullable Resolvers preparedResolvers;

    private volatile @Nullable List<ControllerAdviceBean> advice;

    private volatile @Nullable ApplicationContext applicationContext;

    /** Creates the adapter; WebFlux's configuration sets its collaborators before use. */
    public CoroRequestMappingHandlerAdapter() {}

    /**
     * Initialises the adapter as the superclass does, then reads WebFlux's argument resolvers once.
     *
     * <pre>{@code
     * adapter.afterPropertiesSet();
     * }</pre>
     *
     * @throws Exception as the superclass
     */
    @Override
    public void afterPropertiesSet() throws Exception {
        super.afterPropertiesSet();
        resolvers = readResolvers();
    }

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
        if (!(registrationFor(handlerMethod) instanceof Registration registration)) {
            return super.handle(exchange, handler);
        }
        CoroutineHandler coroutine = registration.handlerFor(handlerMethod);
        CoroutineHandler.Resolvers r = resolvers;
        if (r != null && !coroutine.preparesWithWebFlux) {
            // Nothing for WebFlux to prepare: a binding context as WebFlux makes one without @InitBinder methods, and
            // WebFlux's exception handling only once there is an exception.
            return coroutine.handle(
                    exchange, new PlainBindingContext(getWebBindingInitializer(), registry()), coroutine.raising, r);
        }
        // WebFlux prepares the request as for any method of this controller (model, binders, exception handlers)
        // by invoking a no-argument static method in its place, on this thread.
        return super.handle(exchange, coroutine.preparation)
                .flatMap(prepared -> prepared.getHandler() instanceof InvocableHandlerMethod invocable
                                && invocable.getMethod().equals(Preparation.PREPARE)
                        ? coroutine.handle(
                                exchange,
                                prepared.getBindingContext(),
                                Objects.requireNonNull(
                                        prepared.getExceptionHandler(),
                                        "WebFlux gave the prepared request no exception handler"),
                                r != null ? r : resolvers(invocable))
                        // A @ModelAttribute method failed and an exception handler answered: that is the response.
                        : Mono.just(prepared));
    }

    private @Nullable Object registrationFor(HandlerMethod handlerMethod) {
        // Keyed by bean type too: an inherited method is a coroutine only under a class-level @Coroutine.
        return handlers.computeIfAbsent(
                new HandlerKey(handlerMethod.getBeanType(), handlerMethod.getMethod()),
                key -> CoroutineHandlerMethods.isCoroutine(handlerMethod, registry())
                        ? new Registration(
                                new CoroutineNames(CoroutineHandlerMethods.displayName(handlerMethod)),
                                needsPreparation(handlerMethod),
                                super::handle)
                        : NOT_A_COROUTINE);
    }

    /**
     * Whether WebFlux has something to prepare for this handler method: an {@code @InitBinder} or
     * {@code @ModelAttribute} method in its controller or an advice that applies to it, {@code @SessionAttributes}, a
     * {@code SessionStatus} parameter (its resolver needs WebFlux's own binding context).
     */
    private boolean needsPreparation(HandlerMethod handlerMethod) {
        Class<?> beanType = handlerMethod.getBeanType();
        if (AnnotatedElementUtils.hasAnnotation(beanType, SessionAttributes.class)
                || hasPreparationMethods(beanType, true)
                || Arrays.stream(handlerMethod.getMethodParameters())
                        .anyMatch(p -> SessionStatus.class.isAssignableFrom(p.getParameterType()))) {
            return true;
        }
        return appliesPreparingAdvice(beanType, true);
    }

    private boolean appliesPreparingAdvice(Class<?> beanType, boolean withInitBinder) {
        for (ControllerAdviceBean advice : advice()) {
            if (advice.isApplicableToBeanType(beanType)) {
                Class<?> adviceType = advice.getBeanType();
                if (adviceType == null || hasPreparationMethods(adviceType, withInitBinder)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean hasPreparationMethods(Class<?> type, boolean withInitBinder) {
        // The filters WebFlux selects @InitBinder and @ModelAttribute methods with.
        return !MethodIntrospector.selectMethods(type, (ReflectionUtils.MethodFilter)
                        method -> (withInitBinder && AnnotatedElementUtils.hasAnnotation(method, InitBinder.class))
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
     * WebFlux's request-mapping argument resolvers, which it keeps to itself: read from the {@code HandlerResult} of
     * one preparation at startup, for a bean that is no controller, on a stand-in exchange. When an advice with a
     * {@code @ModelAttribute} method applies to that bean too, the preparation would call it, so it does not run:
     * every coroutine handler is then prepared by WebFlux per request, and takes the resolvers from there.
     */
    private CoroutineHandler.@Nullable Resolvers readResolvers() {
        if (appliesPreparingAdvice(StartupExchange.Probe.class, false)) {
            logger.info("A @ControllerAdvice with @ModelAttribute methods applies to every controller: "
                    + "WebFlux prepares each @Coroutine request (one more pass through its adapter) to run them");
            return null;
        }
        HandlerMethod probe = new HandlerMethod(new StartupExchange.Probe(), Preparation.PREPARE);
        AtomicReference<@Nullable HandlerResult> prepared = new AtomicReference<>();
        AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
        Disposable preparation = super.handle(StartupExchange.create(), probe).subscribe(prepared::set, failure::set);
        if (prepared.get() instanceof HandlerResult result
                && result.getHandler() instanceof InvocableHandlerMethod invocable) {
            return resolvers(invocable);
        }
        preparation.dispose();
        logger.info(
                "WebFlux did not prepare a stand-in request at startup (a blocking-method predicate that matches "
                        + "every method?): WebFlux prepares each @Coroutine request instead",
                failure.get());
        return null;
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
    private CoroutineHandler.Resolvers resolvers(InvocableHandlerMethod prepared) {
        CoroutineHandler.Resolvers r = preparedResolvers;
        if (r == null || !r.list().equals(prepared.getResolvers())) {
            List<HandlerMethodArgumentResolver> list = List.copyOf(prepared.getResolvers());
            // As WebFlux builds its own: Bean Validation present and a Validator configured.
            MethodValidator validator = BEAN_VALIDATION_PRESENT
                    ? HandlerMethodValidator.from(
                            getWebBindingInitializer(),
                            null,
                            firstResolverIs(list, ModelAttributeMethodArgumentResolver.class),
                            firstResolverIs(list, RequestParamMethodArgumentResolver.class))
                    : null;
            r = new CoroutineHandler.Resolvers(list, validator);
            preparedResolvers = r;
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

    /** A coroutine handler method: how to name its coroutines, whether WebFlux prepares it, its handler per bean. */
    private static final class Registration {

        private final CoroutineNames names;
        private final boolean needsPreparation;
        private final BiFunction<ServerWebExchange, HandlerMethod, Mono<HandlerResult>> webFlux;
        // The bean is a singleton for nearly every controller; another scope just builds new ones.
        private volatile @Nullable CoroutineHandler handler;

        Registration(
                CoroutineNames names,
                boolean needsPreparation,
                BiFunction<ServerWebExchange, HandlerMethod, Mono<HandlerResult>> webFlux) {
            this.names = names;
            this.needsPreparation = needsPreparation;
            this.webFlux = webFlux;
        }

        CoroutineHandler handlerFor(HandlerMethod handlerMethod) {
            CoroutineHandler h = handler;
            if (h == null || h.getBean() != handlerMethod.getBean()) {
                h = new CoroutineHandler(handlerMethod, names, needsPreparation, webFlux);
                handler = h;
            }
            return h;
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

    /**
     * Holds the methods WebFlux invokes in place of a coroutine handler: to prepare its request, to handle its error.
     */
    static final class Preparation {

        static final String ERROR_ATTRIBUTE = Preparation.class.getName() + ".error";

        static final Method PREPARE = method("prepare");

        static final Method RAISE = method("raise", ServerWebExchange.class);

        private Preparation() {}

        private static Method method(String name, Class<?>... parameterTypes) {
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
