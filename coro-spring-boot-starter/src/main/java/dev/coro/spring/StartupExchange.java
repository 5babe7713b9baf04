package dev.coro.spring;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.web.server.ServerWebExchange;

/**
 * The stand-in exchange of the one request preparation the adapter asks WebFlux for at startup, to read its argument
 * resolvers. Preparing a no-argument method of a bean with no {@code @ModelAttribute} method asks the exchange only
 * for its attributes, log prefix and whether it is "not modified"; anything else fails, and the adapter then lets
 * WebFlux prepare every request instead.
 */
final class StartupExchange {

    private StartupExchange() {}

    static ServerWebExchange create() {
        Map<String, Object> attributes = new ConcurrentHashMap<>();
        InvocationHandler answers = (proxy, method, args) -> switch (method.getName()) {
            case "getAttributes" -> attributes;
            case "isNotModified" -> false;
            case "getLogPrefix" -> "[coro startup] ";
            case "toString" -> "StartupExchange";
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            default -> {
                if (method.isDefault()) {
                    yield InvocationHandler.invokeDefault(proxy, method, args);
                }
                throw new UnsupportedOperationException("ServerWebExchange." + method.getName()
                        + " on the stand-in exchange of coro-spring-boot-starter's startup preparation");
            }
        };
        return (ServerWebExchange) Proxy.newProxyInstance(
                StartupExchange.class.getClassLoader(), new Class<?>[] {ServerWebExchange.class}, answers);
    }

    /** The bean of the prepared method: no controller, so only an advice for every bean type applies to it. */
    static final class Probe {}
}
