package dev.coro.spring.autoconfigure;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.PriorityOrdered;
import org.springframework.core.type.MethodMetadata;
import org.springframework.security.authorization.method.AuthorizationAdvisor;

/**
 * Wraps the {@code @PreAuthorize} and {@code @PostAuthorize} advisors of {@code @EnableReactiveMethodSecurity} in
 * {@link CoroAuthorizationAdvisor}s. They are recognised by the configuration class and {@code @Bean} method that
 * declare them, Spring Security's {@code ReactiveAuthorizationManagerMethodSecurityConfiguration}: the imperative
 * advisors of {@code @EnableMethodSecurity} are the same Java type and must stay as they are.
 *
 * <p>Priority-ordered, so it is registered before the auto-proxy creator asks for the advisors.
 */
final class CoroMethodSecurityInstaller implements BeanPostProcessor, ApplicationContextAware, PriorityOrdered {

    static final String REACTIVE_METHOD_SECURITY_CONFIGURATION = "org.springframework.security.config.annotation."
            + "method.configuration.ReactiveAuthorizationManagerMethodSecurityConfiguration";

    private @Nullable ApplicationContext context;
    private @Nullable CoroMethodAuthorization authorization;

    @Override
    public void setApplicationContext(ApplicationContext context) {
        this.context = context;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
        if (!(bean instanceof AuthorizationAdvisor advisor) || bean instanceof CoroAuthorizationAdvisor) {
            return bean;
        }
        CoroAuthorizationAdvisor.Kind kind = kindOf(beanName);
        ApplicationContext c = context;
        if (kind == null || c == null) {
            return bean;
        }
        CoroMethodAuthorization a = authorization;
        if (a == null) {
            a = new CoroMethodAuthorization(c);
            authorization = a;
        }
        return new CoroAuthorizationAdvisor(advisor, kind, a);
    }

    private CoroAuthorizationAdvisor.@Nullable Kind kindOf(String beanName) {
        if (!(context instanceof ConfigurableApplicationContext c)
                || !c.getBeanFactory().containsBeanDefinition(beanName)) {
            return null;
        }
        BeanDefinition definition = c.getBeanFactory().getBeanDefinition(beanName);
        MethodMetadata factoryMethod =
                definition instanceof AnnotatedBeanDefinition annotated ? annotated.getFactoryMethodMetadata() : null;
        if (factoryMethod == null
                || !REACTIVE_METHOD_SECURITY_CONFIGURATION.equals(factoryMethod.getDeclaringClassName())) {
            return null;
        }
        return switch (factoryMethod.getMethodName()) {
            case "preAuthorizeAuthorizationMethodInterceptor" -> CoroAuthorizationAdvisor.Kind.PRE_AUTHORIZE;
            case "postAuthorizeAuthorizationMethodInterceptor" -> CoroAuthorizationAdvisor.Kind.POST_AUTHORIZE;
            default -> null;
        };
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
