package dev.coro.spring.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ApplicationContext;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.TransactionManager;
import org.springframework.transaction.interceptor.TransactionInterceptor;
import org.springframework.util.ClassUtils;
import org.springframework.web.method.HandlerMethod;

/**
 * Says at startup what {@code @Transactional} on coroutine code will do when it is not a reactive transaction: a
 * transaction interceptor of the application's own (not replaced) is a WARN; a {@code @Transactional}
 * {@code @Coroutine} handler method whose transaction manager is imperative is a WARN (its transaction is bound to
 * the coroutine's thread, and awaited publishers do not see it); one whose transaction manager cannot be found fails
 * startup instead of every request.
 */
final class CoroTransactionVerifier implements SmartInitializingSingleton {

    private static final Log logger = LogFactory.getLog(CoroTransactionVerifier.class);

    private static final boolean WEBFLUX_PRESENT = ClassUtils.isPresent(
            "org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping",
            CoroTransactionVerifier.class.getClassLoader());

    private final ApplicationContext context;

    CoroTransactionVerifier(ApplicationContext context) {
        this.context = context;
    }

    @Override
    public void afterSingletonsInstantiated() {
        Map<String, TransactionInterceptor> interceptors =
                context.getBeansOfType(TransactionInterceptor.class, false, false);
        interceptors.forEach((name, interceptor) -> {
            if (!(interceptor instanceof CoroTransactionInterceptor)) {
                logger.warn("coro: the TransactionInterceptor bean '" + name + "' is a "
                        + interceptor.getClass().getName() + ", not Spring's own, so coro did not replace it: "
                        + "@Transactional methods with a plain return type that run in a coroutine get no reactive "
                        + "transaction from it (Spring fails them with 'Cannot apply reactive transaction to "
                        + "non-reactive return type'). Remove that bean, or wrap such code in "
                        + "TransactionalOperator.transactional(Coro.mono(...)).");
            }
        });
        if (!WEBFLUX_PRESENT) {
            return;
        }
        for (TransactionInterceptor interceptor : interceptors.values()) {
            if (interceptor instanceof CoroTransactionInterceptor coro) {
                verifyHandlers(coro);
            }
        }
    }

    private void verifyHandlers(CoroTransactionInterceptor interceptor) {
        List<String> imperative = new ArrayList<>();
        List<String> failing = new ArrayList<>();
        for (HandlerMethod handler : CoroutineHandlers.find(context)) {
            if (!interceptor.isTransactional(handler.getMethod(), handler.getBeanType())) {
                continue;
            }
            try {
                TransactionManager manager = interceptor.managerFor(handler.getMethod(), handler.getBeanType());
                if (!(manager instanceof ReactiveTransactionManager)) {
                    imperative.add(CoroutineHandlers.name(handler) + " (" + typeName(manager) + ")");
                }
            } catch (RuntimeException e) {
                failing.add(CoroutineHandlers.name(handler) + ": " + e.getMessage());
            }
        }
        if (!failing.isEmpty()) {
            throw new IllegalStateException("@Transactional @Coroutine handler methods whose transaction manager "
                    + "cannot be found: " + failing + ". A coroutine's awaits join a reactive transaction: define a "
                    + "ReactiveTransactionManager bean (Spring Boot defines an R2dbcTransactionManager for an R2DBC "
                    + "ConnectionFactory), or fix the @Transactional qualifier.");
        }
        if (!imperative.isEmpty()) {
            logger.warn("coro: @Transactional @Coroutine handler methods with an imperative transaction manager: "
                    + imperative + ". Their transaction is bound to the coroutine's thread: blocking JDBC calls on it "
                    + "join it, but the publishers they await (R2DBC, WebClient) do not. For an R2DBC application "
                    + "define a ReactiveTransactionManager (and name it in @Transactional(\"...\") when there are "
                    + "several).");
        }
    }

    private static String typeName(@Nullable Object manager) {
        return manager == null ? "none" : manager.getClass().getName();
    }
}
