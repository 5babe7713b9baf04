package dev.coro.spring.autoconfigure;

import org.aopalliance.aop.Advice;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.Pointcut;
import org.springframework.aop.support.ComposablePointcut;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.security.access.annotation.Secured;
import org.springframework.security.authorization.method.AuthorizationAdvisor;
import org.springframework.security.authorization.method.AuthorizationInterceptorsOrder;

/**
 * {@code @Secured} on methods with a plain return type called in a coroutine, under
 * {@code @EnableReactiveMethodSecurity}. Spring Security's reactive method security has no {@code @Secured}
 * interceptor; this advisor checks the annotation's roles against the authentication in the coroutine's Reactor
 * Context, with Spring Security's {@code SecuredAuthorizationManager}. Calls of methods returning a reactive type, and
 * calls outside a coroutine, pass through unchecked, as without this advisor.
 */
final class CoroSecuredAdvisor implements AuthorizationAdvisor {

    private final Pointcut pointcut = new ComposablePointcut(new AnnotationMatchingPointcut(Secured.class, true))
            .union(new AnnotationMatchingPointcut(null, Secured.class, true));

    private final CoroMethodAuthorization authorization;

    CoroSecuredAdvisor(CoroMethodAuthorization authorization) {
        this.authorization = authorization;
    }

    @Override
    public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
        if (!CoroutineCalls.isPlainCallInCoroutine(invocation.getMethod())) {
            return invocation.proceed();
        }
        return authorization.secured(invocation);
    }

    @Override
    public Pointcut getPointcut() {
        return pointcut;
    }

    @Override
    public Advice getAdvice() {
        return this;
    }

    @Override
    public boolean isPerInstance() {
        return true;
    }

    @Override
    public int getOrder() {
        return AuthorizationInterceptorsOrder.SECURED.getOrder();
    }
}
