package dev.coro.spring.autoconfigure;

import dev.coro.spring.CoroRequestMappingHandlerAdapter;
import dev.coro.spring.CoroWebFilter;
import dev.coro.spring.Coroutine;
import dev.coro.spring.CoroutineHandlerMethods;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.framework.autoproxy.AutoProxyUtils;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.ReactiveAdapterRegistry;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.core.io.Resource;
import org.springframework.util.ClassUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerAdapter;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import reactor.core.publisher.Mono;

/**
 * Checks, once all beans exist, every place coroutine code can be declared, so that what cannot work fails startup or
 * logs a WARN naming it, instead of failing (or being ignored) per request:
 *
 * <ul>
 *   <li>a method-level {@code @Coroutine} on a handler method returning a reactive type: startup fails;
 *   <li>{@code @Coroutine} handler methods with an adapter that would not run them as coroutines: startup fails;
 *   <li>{@code @Coroutine} where nothing reads it (a method of a service or component, a controller method that is not
 *       a request mapping): one WARN naming each method;
 *   <li>{@code coro.enabled=false} or {@code coro.webflux.enabled=false}: one WARN naming each {@code @Coroutine}
 *       handler method, {@code CoroWebFilter} and coroutine route, none of which will run as a coroutine.
 * </ul>
 *
 * <p>The scan of bean classes is the one Spring's {@code EventListenerMethodProcessor} does for
 * {@code @EventListener}: target classes of every singleton, skipping types that cannot carry the annotation.
 */
final class CoroutineHandlerVerifier implements SmartInitializingSingleton {

    private static final Log logger = LogFactory.getLog(CoroutineHandlerVerifier.class);

    private final ConfigurableApplicationContext context;
    private final @Nullable String disabledBy;

    /** {@code disabledBy} names the property that switched the WebFlux integration off, {@code null} when on. */
    CoroutineHandlerVerifier(ConfigurableApplicationContext context, @Nullable String disabledBy) {
        this.context = context;
        this.disabledBy = disabledBy;
    }

    @Override
    public void afterSingletonsInstantiated() {
        Map<String, RequestMappingHandlerAdapter> adapters =
                context.getBeansOfType(RequestMappingHandlerAdapter.class, false, false);
        ReactiveAdapterRegistry registry = adapters.values().stream()
                .map(RequestMappingHandlerAdapter::getReactiveAdapterRegistry)
                .filter(r -> r != null)
                .findFirst()
                .orElseGet(ReactiveAdapterRegistry::getSharedInstance);
        List<String> misplaced = new ArrayList<>();
        List<String> coroutines = new ArrayList<>();
        Set<Method> handlerMethods = new HashSet<>();
        for (RequestMappingHandlerMapping mapping : context.getBeansOfType(
                        RequestMappingHandlerMapping.class, false, false)
                .values()) {
            for (HandlerMethod handlerMethod : mapping.getHandlerMethods().values()) {
                handlerMethods.add(handlerMethod.getMethod());
                if (CoroutineHandlerMethods.isMisplaced(handlerMethod, registry)) {
                    misplaced.add(handlerMethod.getMethod().toGenericString());
                } else if (CoroutineHandlerMethods.isCoroutine(handlerMethod, registry)) {
                    coroutines.add(describe(handlerMethod.getBeanType(), handlerMethod.getMethod()));
                }
            }
        }
        warnAboutIgnoredAnnotations(handlerMethods);
        if (disabledBy != null) {
            warnAboutSwitchedOff(coroutines, misplaced);
            return;
        }
        if (!misplaced.isEmpty()) {
            throw new IllegalStateException("@Coroutine is on handler methods that return a reactive type: "
                    + misplaced + ". Such a method already runs asynchronously and WebFlux subscribes to what it "
                    + "returns: remove @Coroutine from it, or make it return the plain value and await inside. "
                    + "(To stream, return Coro.flux(...) from a method without @Coroutine.)");
        }
        if (!coroutines.isEmpty()
                && adapters.values().stream().noneMatch(CoroRequestMappingHandlerAdapter.class::isInstance)) {
            throw new IllegalStateException(coroutines.size() + " @Coroutine handler methods found, but the WebFlux "
                    + "RequestMappingHandlerAdapter is " + adapters.values() + ", which would call them on the event "
                    + "loop. A WebFluxRegistrations bean of the application replaces coro's: make its "
                    + "getRequestMappingHandlerAdapter() return a dev.coro.spring.CoroRequestMappingHandlerAdapter.");
        }
        if (logger.isDebugEnabled()) {
            logger.debug("coro: " + coroutines.size() + " @Coroutine handler methods");
        }
    }

    private void warnAboutSwitchedOff(List<String> coroutines, List<String> misplaced) {
        List<String> filters = context.getBeansOfType(CoroWebFilter.class, false, false).entrySet().stream()
                .map(e -> e.getKey() + " ("
                        + ClassUtils.getUserClass(e.getValue()).getName() + ")")
                .sorted()
                .toList();
        List<String> routes = coroutineRoutes();
        int methods = coroutines.size() + misplaced.size();
        if (methods + filters.size() + routes.size() == 0) {
            return;
        }
        StringBuilder message = new StringBuilder("coro: " + disabledBy + " switches coro-reactor's WebFlux "
                + "integration off, so none of the following runs as a coroutine.");
        if (methods > 0) {
            List<String> all = new ArrayList<>(coroutines);
            all.addAll(misplaced);
            message.append("\n  ")
                    .append(methods)
                    .append(" @Coroutine handler methods found, but ")
                    .append(disabledBy)
                    .append(": they run as plain methods on the event loop, where Coro.await fails: ")
                    .append(String.join(", ", all));
        }
        if (!filters.isEmpty()) {
            message.append("\n  ")
                    .append(filters.size())
                    .append(" CoroWebFilter beans fail every request they apply to (they are never skipped): ")
                    .append(String.join(", ", filters));
        }
        if (!routes.isEmpty()) {
            message.append("\n  ")
                    .append(routes.size())
                    .append(" coroutine routes fail every request: ")
                    .append(String.join(", ", routes));
        }
        message.append("\nRemove ").append(disabledBy).append(" (or set it to true) to run them as coroutines.");
        logger.warn(message);
    }

    private List<String> coroutineRoutes() {
        List<String> routes = new ArrayList<>();
        for (RouterFunction<?> function :
                context.getBeansOfType(RouterFunction.class, false, false).values()) {
            function.accept(new RouterFunctions.Visitor() {
                @Override
                public void startNested(RequestPredicate predicate) {}

                @Override
                public void endNested(RequestPredicate predicate) {}

                @Override
                public void route(RequestPredicate predicate, HandlerFunction<?> handlerFunction) {
                    if (CoroutineHandlerMethods.isCoroutineRoute(handlerFunction)) {
                        routes.add(predicate.toString());
                    }
                }

                @Override
                public void resources(Function<ServerRequest, Mono<Resource>> lookupFunction) {}

                @Override
                public void attributes(Map<String, Object> attributes) {}

                @Override
                public void unknown(RouterFunction<?> routerFunction) {}
            });
        }
        return routes;
    }

    /** {@code @Coroutine} on a method no handler mapping calls, or on a class that is no controller, does nothing. */
    private void warnAboutIgnoredAnnotations(Set<Method> handlerMethods) {
        ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
        Set<String> ignored = new TreeSet<>();
        for (String name : beanFactory.getBeanNamesForType(Object.class, false, false)) {
            Class<?> type = AutoProxyUtils.determineTargetClass(beanFactory, name);
            if (type == null || !AnnotationUtils.isCandidateClass(type, Coroutine.class)) {
                continue;
            }
            Class<?> userType = ClassUtils.getUserClass(type);
            boolean classLevel = AnnotatedElementUtils.hasAnnotation(userType, Coroutine.class);
            Set<Method> annotated = MethodIntrospector.selectMethods(
                            userType, (MethodIntrospector.MetadataLookup<Boolean>) method ->
                                    AnnotatedElementUtils.hasAnnotation(method, Coroutine.class) ? Boolean.TRUE : null)
                    .keySet();
            for (Method method : annotated) {
                if (!handlerMethods.contains(method)) {
                    ignored.add(describe(userType, method));
                }
            }
            if (classLevel
                    && handlerMethods.stream()
                            .noneMatch(m -> m.getDeclaringClass().isAssignableFrom(userType))) {
                ignored.add(userType.getName() + " (class-level @Coroutine)");
            }
        }
        if (!ignored.isEmpty()) {
            logger.warn("coro: @Coroutine has no effect on " + ignored.size() + " methods or classes that are not "
                    + "WebFlux handler methods (@RequestMapping/@GetMapping... of a @Controller): "
                    + String.join(", ", ignored) + ". Such a method runs on its caller's thread, as a coroutine only "
                    + "when its caller is one. Remove @Coroutine from it; to run it as a coroutine of its own, return "
                    + "Coro.mono(() -> ...) from it, or call it from a @Coroutine handler.");
        }
    }

    private static String describe(Class<?> type, Method method) {
        return ClassUtils.getShortName(type) + "." + method.getName() + "()";
    }
}
