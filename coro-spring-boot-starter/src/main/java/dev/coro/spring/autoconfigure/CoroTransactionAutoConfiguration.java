package dev.coro.spring.autoconfigure;

import dev.coro.Coro;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Role;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.interceptor.TransactionInterceptor;

/**
 * Auto-configuration of {@code @Transactional} on coroutine code: a method with a plain return type, called in a
 * coroutine (a {@code @Coroutine} handler method, or a service method it calls), runs in a reactive transaction, and
 * every await inside it joins that transaction.
 *
 * <p>Spring's transaction interceptor is replaced by one that, for such a call with a
 * {@link ReactiveTransactionManager}, runs the method in a child coroutine inside the transaction and parks the calling
 * coroutine until it commits or rolls back (see {@code docs/adr/0011-aop-on-coroutine-methods.md}). Cancelling the
 * caller (a client disconnect) cancels the child and rolls the transaction back. Every other call is Spring's own.
 * Startup warns, or fails, for {@code @Transactional @Coroutine} handler methods that would not get a reactive
 * transaction.
 *
 * <pre>{@code
 * @Coroutine
 * @Transactional
 * @PostMapping("/transfers")
 * Transfer transfer(@RequestBody TransferRequest request) {
 *     Account from = await(accounts.debit(request.from(), request.amount()));   // in the transaction
 *     Account to = await(accounts.credit(request.to(), request.amount()));      // in the same transaction
 *     return new Transfer(from, to);
 * }
 * }</pre>
 */
@AutoConfiguration(after = CoroAutoConfiguration.class)
@ConditionalOnClass({Coro.class, TransactionInterceptor.class, ReactiveTransactionManager.class})
@ConditionalOnBooleanProperty(name = "coro.enabled", matchIfMissing = true)
public final class CoroTransactionAutoConfiguration {

    CoroTransactionAutoConfiguration() {}

    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    static CoroTransactionInterceptorInstaller coroTransactionInterceptorInstaller() {
        return new CoroTransactionInterceptorInstaller();
    }

    @Bean
    static CoroTransactionVerifier coroTransactionVerifier(ApplicationContext context) {
        return new CoroTransactionVerifier(context);
    }
}
