package dev.coro.spring.autoconfigure;

import dev.coro.Coro;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Role;
import org.springframework.security.authorization.method.AuthorizationAdvisor;
import org.springframework.security.authorization.method.PreAuthorizeReactiveAuthorizationManager;
import org.springframework.security.config.annotation.method.configuration.EnableReactiveMethodSecurity;

/**
 * Auto-configuration of reactive method security on coroutine code: with {@code @EnableReactiveMethodSecurity},
 * {@code @PreAuthorize}, {@code @PostAuthorize} and {@code @Secured} apply to methods with a plain return type called
 * in a coroutine (a {@code @Coroutine} handler method, or a service method it calls).
 *
 * <p>The authorization decision is Spring Security's own ({@code PreAuthorizeReactiveAuthorizationManager},
 * {@code PostAuthorizeReactiveAuthorizationManager}, {@code SecuredAuthorizationManager}), awaited by the calling
 * coroutine with the authentication of its Reactor Context; the method then runs on the same coroutine. A denial throws
 * {@code AuthorizationDeniedException}, which Spring Security's WebFlux filter answers with 401 for an anonymous caller
 * and 403 otherwise. Calls of methods returning a reactive type are Spring Security's own.
 *
 * <pre>{@code
 * @Coroutine
 * @PreAuthorize("hasRole('ADMIN')")
 * @DeleteMapping("/orders/{id}")
 * void cancel(@PathVariable long id) {
 *     await(orders.cancel(id));
 * }
 * }</pre>
 */
@AutoConfiguration(after = CoroAutoConfiguration.class)
@ConditionalOnClass({
    Coro.class,
    AuthorizationAdvisor.class,
    PreAuthorizeReactiveAuthorizationManager.class,
    EnableReactiveMethodSecurity.class
})
@ConditionalOnBooleanProperty(name = "coro.enabled", matchIfMissing = true)
public final class CoroMethodSecurityAutoConfiguration {

    CoroMethodSecurityAutoConfiguration() {}

    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    static CoroMethodSecurityInstaller coroMethodSecurityInstaller() {
        return new CoroMethodSecurityInstaller();
    }

    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    @ConditionalOnBean(annotation = EnableReactiveMethodSecurity.class)
    static CoroSecuredAdvisor coroSecuredAdvisor(ApplicationContext context) {
        return new CoroSecuredAdvisor(new CoroMethodAuthorization(context));
    }
}
