package dev.coro.spring.autoconfigure;

import org.aopalliance.aop.Advice;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.Pointcut;
import org.springframework.security.authorization.method.AuthorizationAdvisor;

/**
 * One of Spring Security's reactive method-security advisors ({@code @PreAuthorize}, {@code @PostAuthorize}), which
 * also serves methods with a plain return type called in a coroutine: those it authorizes with
 * {@link CoroMethodAuthorization}, where Spring Security's interceptor would fail them ("must return an instance of
 * org.reactivestreams.Publisher ... or the function must be a Kotlin coroutine"). Every other call is Spring
 * Security's own. Same pointcut, same order.
 */
final class CoroAuthorizationAdvisor implements AuthorizationAdvisor {

    enum Kind {
        PRE_AUTHORIZE,
        POST_AUTHORIZE
    }

    private final AuthorizationAdvisor spring;
    private final Kind kind;
    private final CoroMethodAuthorization authorization;

    CoroAuthorizationAdvisor(AuthorizationAdvisor spring, Kind kind, CoroMethodAuthorization authorization) {
        this.spring = spring;
        this.kind = kind;
        this.authorization = authorization;
    }

    @Override
    public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
        if (!CoroutineCalls.isPlainCallInCoroutine(invocation.getMethod())) {
            return spring.invoke(invocation);
        }
        return switch (kind) {
            case PRE_AUTHORIZE -> authorization.preAuthorize(invocation);
            case POST_AUTHORIZE -> authorization.postAuthorize(invocation);
        };
    }

    @Override
    public Pointcut getPointcut() {
        return spring.getPointcut();
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
        return spring.getOrder();
    }

    @Override
    public String toString() {
        return "CoroAuthorizationAdvisor[" + kind + ", " + spring + "]";
    }
}
