package dev.coro.spring.autoconfigure;

import dev.coro.Coro;
import java.lang.reflect.Method;
import java.lang.reflect.UndeclaredThrowableException;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.support.AopUtils;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.ReactiveTransaction;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.TransactionManager;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.interceptor.DefaultTransactionAttribute;
import org.springframework.transaction.interceptor.DelegatingTransactionAttribute;
import org.springframework.transaction.interceptor.MethodRollbackEvent;
import org.springframework.transaction.interceptor.TransactionAttribute;
import org.springframework.transaction.interceptor.TransactionAttributeSource;
import org.springframework.transaction.interceptor.TransactionInterceptor;
import org.springframework.transaction.reactive.TransactionContextManager;
import org.springframework.util.ClassUtils;
import reactor.core.publisher.Mono;

/**
 * Spring's {@link TransactionInterceptor}, plus reactive transactions for methods with a plain return type called
 * inside a coroutine: the Java counterpart of what Spring does for Kotlin {@code suspend} functions.
 *
 * <p>Spring applies a {@link ReactiveTransactionManager} only to methods returning a reactive type (or Kotlin
 * {@code suspend} functions), and fails any other with {@code Cannot apply reactive transaction to non-reactive return
 * type}. When such a method is called in a coroutine, this interceptor runs the rest of the call (further advice and
 * the method) in a child coroutine, {@code Coro.mono(invocation::proceed)}, wraps that {@code Mono} in the
 * transaction as Spring's own reactive support does ({@code usingWhen} with the transaction's begin, commit and
 * rollback, rollback rules of the {@link TransactionAttribute}, the {@code TransactionContext} written into the
 * child's Reactor {@code Context}) and awaits it. Every await in the method then carries the transaction. Every other
 * call, including every call outside a coroutine and every call whose transaction manager is a
 * {@code PlatformTransactionManager}, is Spring's own.
 */
final class CoroTransactionInterceptor extends TransactionInterceptor {

    private @Nullable ApplicationEventPublisher publisher;

    CoroTransactionInterceptor() {}

    @Override
    public void setApplicationEventPublisher(ApplicationEventPublisher publisher) {
        super.setApplicationEventPublisher(publisher);
        this.publisher = publisher;
    }

    @Override
    public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
        if (!CoroutineCalls.isPlainCallInCoroutine(invocation.getMethod())) {
            return super.invoke(invocation);
        }
        Method method = invocation.getMethod();
        Object target = invocation.getThis();
        Class<?> targetClass = target != null ? AopUtils.getTargetClass(target) : null;
        TransactionAttributeSource source = getTransactionAttributeSource();
        TransactionAttribute attribute = source != null ? source.getTransactionAttribute(method, targetClass) : null;
        if (attribute == null
                || !(determineTransactionManager(attribute, targetClass) instanceof ReactiveTransactionManager rtm)) {
            // Not transactional, or imperative: Spring's thread-bound transaction, on the coroutine's own thread.
            return super.invoke(invocation);
        }
        return Coro.await(inTransaction(rtm, named(attribute, method, targetClass), invocation));
    }

    /**
     * The call as a Mono in a reactive transaction: the Mono branch of Spring's own {@code ReactiveTransactionSupport}.
     */
    private Mono<Object> inTransaction(
            ReactiveTransactionManager rtm, TransactionAttribute attribute, MethodInvocation invocation) {
        Mono<Object> call = Coro.mono(() -> proceed(invocation));
        return TransactionContextManager.currentContext()
                .flatMap(context -> Mono.usingWhen(
                        rtm.getReactiveTransaction(attribute),
                        transaction -> call,
                        rtm::commit,
                        (transaction, error) -> completeAfterThrowing(rtm, attribute, invocation, transaction, error),
                        rtm::rollback))
                .onErrorMap(CoroTransactionInterceptor::unwrapIfResourceCleanupFailure)
                .contextWrite(TransactionContextManager.getOrCreateContext())
                .contextWrite(TransactionContextManager.getOrCreateContextHolder());
    }

    private static @Nullable Object proceed(MethodInvocation invocation) throws Exception {
        try {
            return invocation.proceed();
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new UndeclaredThrowableException(t);
        }
    }

    /** As {@code @Transactional} documents it: roll back on what the rollback rules say, commit otherwise. */
    private Mono<Void> completeAfterThrowing(
            ReactiveTransactionManager rtm,
            TransactionAttribute attribute,
            MethodInvocation invocation,
            ReactiveTransaction transaction,
            Throwable error) {
        Mono<Void> completion;
        if (attribute.rollbackOn(error)) {
            publishRollback(invocation, error, transaction);
            completion = rtm.rollback(transaction);
        } else {
            completion = rtm.commit(transaction);
        }
        return completion.onErrorMap(completionError -> {
            // The application's error stays reachable from the one that replaces it, as in Spring.
            if (completionError instanceof TransactionSystemException system) {
                system.initApplicationException(error);
            } else {
                completionError.addSuppressed(error);
            }
            return completionError;
        });
    }

    private void publishRollback(MethodInvocation invocation, Throwable error, ReactiveTransaction transaction) {
        ApplicationEventPublisher p = publisher;
        if (p != null) {
            try {
                p.publishEvent(new MethodRollbackEvent(invocation, error, transaction));
            } catch (RuntimeException e) {
                logger.warn("Failed to publish the rollback event of " + invocation.getMethod(), e);
            }
        }
    }

    private static Throwable unwrapIfResourceCleanupFailure(Throwable error) {
        // Reactor wraps a failed commit or rollback of usingWhen; Spring unwraps it the same way.
        String message = error.getMessage();
        if (error instanceof RuntimeException
                && error.getCause() != null
                && message != null
                && message.startsWith("Async resource cleanup failed")) {
            return error.getCause();
        }
        return error;
    }

    /** The attribute with the method's name as the transaction's name, as Spring names its transactions. */
    private static TransactionAttribute named(
            TransactionAttribute attribute, Method method, @Nullable Class<?> targetClass) {
        if (attribute.getName() != null) {
            return attribute;
        }
        String name = attribute instanceof DefaultTransactionAttribute d && d.getDescriptor() != null
                ? d.getDescriptor()
                : ClassUtils.getQualifiedMethodName(method, targetClass);
        return new DelegatingTransactionAttribute(attribute) {
            @Override
            public String getName() {
                return name;
            }
        };
    }

    /**
     * The transaction manager a call of {@code method} on a {@code beanType} bean would use, or {@code null} when the
     * method is not transactional; for the startup check.
     */
    @Nullable
    TransactionManager managerFor(Method method, Class<?> beanType) {
        TransactionAttributeSource source = getTransactionAttributeSource();
        TransactionAttribute attribute = source != null ? source.getTransactionAttribute(method, beanType) : null;
        return attribute != null ? determineTransactionManager(attribute, beanType) : null;
    }

    /** Whether a call of {@code method} on a {@code beanType} bean is transactional. */
    boolean isTransactional(Method method, Class<?> beanType) {
        TransactionAttributeSource source = getTransactionAttributeSource();
        return source != null && source.getTransactionAttribute(method, beanType) != null;
    }
}
