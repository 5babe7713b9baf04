package dev.coro.spring;

import java.lang.reflect.Method;
import org.springframework.core.ReactiveAdapterRegistry;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.reactive.function.server.HandlerFunction;

/**
 * Which handler methods run as coroutines: the rule of {@link Coroutine}, in one place.
 *
 * <p><b>Internal:</b> public only so that {@code dev.coro.spring.autoconfigure} can check the handler methods at
 * startup with the very rule the adapter applies per request. Not API: it may change in any release.
 */
public final class CoroutineHandlerMethods {

    private CoroutineHandlerMethods() {}

    /**
     * Whether {@code handlerMethod} runs as a coroutine: annotated itself, or in an annotated class and not reactive.
     *
     * @param handlerMethod a handler method as the handler mapping found it
     * @param registry the registry that says which return types are reactive
     * @return whether the adapter runs it as a coroutine
     */
    public static boolean isCoroutine(HandlerMethod handlerMethod, ReactiveAdapterRegistry registry) {
        if (handlerMethod.hasMethodAnnotation(Coroutine.class)) {
            return true;
        }
        return AnnotatedElementUtils.hasAnnotation(handlerMethod.getBeanType(), Coroutine.class)
                && !returnsReactiveType(handlerMethod, registry);
    }

    /**
     * Whether a method-level {@code @Coroutine} is misplaced because the method already returns a reactive type.
     *
     * @param handlerMethod a handler method as the handler mapping found it
     * @param registry the registry that says which return types are reactive
     * @return whether startup must fail for it
     */
    public static boolean isMisplaced(HandlerMethod handlerMethod, ReactiveAdapterRegistry registry) {
        return handlerMethod.hasMethodAnnotation(Coroutine.class) && returnsReactiveType(handlerMethod, registry);
    }

    /**
     * Whether {@code function} is a coroutine route made by {@link CoroHandlerFunctions#coroutine}.
     *
     * @param function a handler function of a router function
     * @return whether it runs as a coroutine
     */
    public static boolean isCoroutineRoute(HandlerFunction<?> function) {
        return function instanceof CoroHandlerFunctions.Adapter;
    }

    static boolean returnsReactiveType(HandlerMethod handlerMethod, ReactiveAdapterRegistry registry) {
        return registry.getAdapter(handlerMethod.getReturnType().getParameterType()) != null;
    }

    /** The coroutine name stem of a handler method, {@code OrderController.order}. */
    static String displayName(HandlerMethod handlerMethod) {
        Method method = handlerMethod.getMethod();
        return ClassUtils.getShortName(handlerMethod.getBeanType()) + "." + method.getName();
    }
}
