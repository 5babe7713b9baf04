package dev.coro.spring.autoconfigure;

import dev.coro.spring.Coroutine;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.ApplicationContext;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;

/**
 * The {@code @Coroutine} handler methods of the application, for startup checks; referenced only when WebFlux is on
 * the classpath.
 */
final class CoroutineHandlers {

    private CoroutineHandlers() {}

    static List<HandlerMethod> find(ApplicationContext context) {
        List<HandlerMethod> found = new ArrayList<>();
        for (RequestMappingHandlerMapping mapping : context.getBeansOfType(
                        RequestMappingHandlerMapping.class, false, false)
                .values()) {
            for (HandlerMethod handlerMethod : mapping.getHandlerMethods().values()) {
                boolean annotated = handlerMethod.hasMethodAnnotation(Coroutine.class)
                        || AnnotatedElementUtils.hasAnnotation(handlerMethod.getBeanType(), Coroutine.class);
                if (annotated && !CoroutineCalls.returnsReactiveType(handlerMethod.getMethod())) {
                    found.add(handlerMethod);
                }
            }
        }
        return found;
    }

    static String name(HandlerMethod handlerMethod) {
        return handlerMethod.getBeanType().getName() + "."
                + handlerMethod.getMethod().getName();
    }
}
