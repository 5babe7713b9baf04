package dev.coro.spring.autoconfigure;

import dev.coro.Coro;
import java.lang.reflect.Method;
import org.springframework.core.ReactiveAdapterRegistry;

/**
 * Which calls the starter's advice adapts: a method with a plain return type, called in a coroutine. Spring's
 * reactive advice (transactions, method security) serves only methods returning a reactive type, and Kotlin
 * {@code suspend} functions; this is the Java counterpart of its {@code KotlinDetector.isSuspendingFunction} check.
 */
final class CoroutineCalls {

    private CoroutineCalls() {}

    static boolean isPlainCallInCoroutine(Method method) {
        return Coro.inCoroutine() && !returnsReactiveType(method);
    }

    static boolean returnsReactiveType(Method method) {
        return ReactiveAdapterRegistry.getSharedInstance().getAdapter(method.getReturnType()) != null;
    }
}
