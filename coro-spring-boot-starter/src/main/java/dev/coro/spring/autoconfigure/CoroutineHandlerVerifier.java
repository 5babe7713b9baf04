package dev.coro.spring.autoconfigure;

import dev.coro.spring.CoroRequestMappingHandlerAdapter;
import dev.coro.spring.CoroutineHandlerMethods;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ApplicationContext;
import org.springframework.core.ReactiveAdapterRegistry;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerAdapter;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;

/**
 * Checks every {@code @Coroutine} handler method once all beans exist, so that misuse fails startup instead of a
 * request: a method-level {@code @Coroutine} on a method returning a reactive type, or coroutine handlers with an
 * adapter that would not run them as coroutines. With {@code coro.webflux.enabled=false} it only warns, once, that
 * {@code @Coroutine} methods exist and will run as plain methods.
 */
final class CoroutineHandlerVerifier implements SmartInitializingSingleton {

    private static final Log logger = LogFactory.getLog(CoroutineHandlerVerifier.class);

    private final ApplicationContext context;
    private final boolean hookEnabled;

    CoroutineHandlerVerifier(ApplicationContext context, boolean hookEnabled) {
        this.context = context;
        this.hookEnabled = hookEnabled;
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
        int coroutines = 0;
        for (RequestMappingHandlerMapping mapping : context.getBeansOfType(
                        RequestMappingHandlerMapping.class, false, false)
                .values()) {
            for (Map.Entry<RequestMappingInfo, HandlerMethod> entry :
                    mapping.getHandlerMethods().entrySet()) {
                HandlerMethod handlerMethod = entry.getValue();
                if (CoroutineHandlerMethods.isMisplaced(handlerMethod, registry)) {
                    misplaced.add(handlerMethod.getMethod().toGenericString());
                } else if (CoroutineHandlerMethods.isCoroutine(handlerMethod, registry)) {
                    coroutines++;
                }
            }
        }
        if (!hookEnabled) {
            if (coroutines + misplaced.size() > 0) {
                logger.warn("coro: " + (coroutines + misplaced.size()) + " @Coroutine handler methods found, but "
                        + "coro.webflux.enabled=false leaves WebFlux untouched: they run as plain methods on the event "
                        + "loop, where Coro.await fails. Remove the property (or set it to true) to run them as "
                        + "coroutines.");
            }
            return;
        }
        if (!misplaced.isEmpty()) {
            throw new IllegalStateException("@Coroutine is on handler methods that return a reactive type: "
                    + misplaced + ". Such a method already runs asynchronously and WebFlux subscribes to what it "
                    + "returns: remove @Coroutine from it, or make it return the plain value and await inside. "
                    + "(To stream, return Coro.flux(...) from a method without @Coroutine.)");
        }
        if (coroutines > 0
                && adapters.values().stream().noneMatch(CoroRequestMappingHandlerAdapter.class::isInstance)) {
            throw new IllegalStateException(coroutines + " @Coroutine handler methods found, but the WebFlux "
                    + "RequestMappingHandlerAdapter is " + adapters.values() + ", which would call them on the event "
                    + "loop. A WebFluxRegistrations bean of the application replaces coro's: make its "
                    + "getRequestMappingHandlerAdapter() return a dev.coro.spring.CoroRequestMappingHandlerAdapter.");
        }
        if (logger.isDebugEnabled()) {
            logger.debug("coro: " + coroutines + " @Coroutine handler methods");
        }
    }
}
