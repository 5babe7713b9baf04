package dev.coro.sample.blocking;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.reactive.config.BlockingExecutionConfigurer;
import org.springframework.web.reactive.config.WebFluxConfigurer;

/**
 * Runs the controllers of this package ({@link BlockingShopController}, {@link BlockingDelayController}) and only them
 * on Spring's blocking execution, with Boot's application task
 * executor: virtual threads, as {@code spring.threads.virtual.enabled=true} in application.properties asks.
 *
 * <p>Spring's default would hand every handler that returns a plain value to the executor; the predicate keeps the
 * callback and coroutine handlers where they belong.
 */
@Configuration(proxyBeanMethods = false)
class BlockingExecutionConfig implements WebFluxConfigurer {

    private final ObjectProvider<AsyncTaskExecutor> executor;

    BlockingExecutionConfig(ObjectProvider<AsyncTaskExecutor> executor) {
        this.executor = executor;
    }

    @Override
    public void configureBlockingExecution(BlockingExecutionConfigurer configurer) {
        AsyncTaskExecutor applicationTaskExecutor = executor.getIfUnique();
        if (applicationTaskExecutor == null) {
            throw new IllegalStateException("no unique AsyncTaskExecutor bean for /api/blocking; keep Boot's "
                    + "applicationTaskExecutor (spring.threads.virtual.enabled=true) or define exactly one");
        }
        configurer.setExecutor(applicationTaskExecutor);
        configurer.setControllerMethodPredicate(BlockingExecutionConfig::isBlockingHandler);
    }

    private static boolean isBlockingHandler(HandlerMethod method) {
        return method.getBeanType().getPackageName().equals(BlockingExecutionConfig.class.getPackageName());
    }
}
