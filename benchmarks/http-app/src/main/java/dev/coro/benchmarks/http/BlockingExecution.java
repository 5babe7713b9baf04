package dev.coro.benchmarks.http;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.reactive.config.BlockingExecutionConfigurer;
import org.springframework.web.reactive.config.WebFluxConfigurer;

/**
 * Runs {@link BlockingController} and only it on Spring's blocking execution with Boot's application task executor,
 * which {@code spring.threads.virtual.enabled=true} makes a virtual-thread executor: the sample's
 * BlockingExecutionConfig. The predicate keeps the coroutine and Kotlin handlers (plain and suspend return types) off
 * it.
 */
@Configuration(proxyBeanMethods = false)
class BlockingExecution implements WebFluxConfigurer {

    private final ObjectProvider<AsyncTaskExecutor> executor;

    BlockingExecution(ObjectProvider<AsyncTaskExecutor> executor) {
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
        configurer.setControllerMethodPredicate(BlockingExecution::isBlocking);
    }

    private static boolean isBlocking(HandlerMethod method) {
        return method.getBeanType() == BlockingController.class;
    }
}
