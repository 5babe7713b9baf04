package dev.coro.spring.autoconfigure;

import static dev.coro.Coro.await;

import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationContext;
import org.springframework.security.access.expression.method.MethodSecurityExpressionHandler;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.method.MethodInvocationResult;
import org.springframework.security.authorization.method.PostAuthorizeReactiveAuthorizationManager;
import org.springframework.security.authorization.method.PreAuthorizeReactiveAuthorizationManager;
import org.springframework.security.authorization.method.SecuredAuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AnnotationTemplateExpressionDefaults;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.util.function.SingletonSupplier;
import reactor.core.publisher.Mono;

/**
 * Reactive method security for a method with a plain return type, called in a coroutine: Spring Security's own
 * authorization managers, awaited by the calling coroutine, exactly as Spring Security's reactive interceptors run
 * them for a {@code Mono} (or a Kotlin {@code suspend} function). The caller's authentication comes from the
 * coroutine's Reactor Context ({@code ReactiveSecurityContextHolder}), anonymous when there is none.
 */
final class CoroMethodAuthorization {

    private static final Authentication ANONYMOUS =
            new AnonymousAuthenticationToken("key", "anonymous", AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));

    private static final AuthorizationResult DENIED = new AuthorizationDecision(false);

    // Built on first use, as Spring Security builds its own: expression handler, application context, templates.
    private final SingletonSupplier<PreAuthorizeReactiveAuthorizationManager> preAuthorize;
    private final SingletonSupplier<PostAuthorizeReactiveAuthorizationManager> postAuthorize;
    private final SecuredAuthorizationManager secured = new SecuredAuthorizationManager();

    CoroMethodAuthorization(ApplicationContext context) {
        this.preAuthorize = SingletonSupplier.of(() -> {
            MethodSecurityExpressionHandler handler = expressionHandler(context);
            var manager = handler != null
                    ? new PreAuthorizeReactiveAuthorizationManager(handler)
                    : new PreAuthorizeReactiveAuthorizationManager();
            manager.setApplicationContext(context);
            AnnotationTemplateExpressionDefaults templates = templates(context);
            if (templates != null) {
                manager.setTemplateDefaults(templates);
            }
            return manager;
        });
        this.postAuthorize = SingletonSupplier.of(() -> {
            MethodSecurityExpressionHandler handler = expressionHandler(context);
            var manager = handler != null
                    ? new PostAuthorizeReactiveAuthorizationManager(handler)
                    : new PostAuthorizeReactiveAuthorizationManager();
            manager.setApplicationContext(context);
            AnnotationTemplateExpressionDefaults templates = templates(context);
            if (templates != null) {
                manager.setTemplateDefaults(templates);
            }
            return manager;
        });
    }

    /** {@code @PreAuthorize}: decide, then call; a denial goes through the manager's denied-handler. */
    @Nullable
    Object preAuthorize(MethodInvocation invocation) throws Throwable {
        PreAuthorizeReactiveAuthorizationManager manager = preAuthorize.obtain();
        AuthorizationResult decision = await(manager.authorize(authentication(), invocation));
        if (decision == null || !decision.isGranted()) {
            return handled(manager.handleDeniedInvocation(invocation, decision != null ? decision : DENIED));
        }
        try {
            return invocation.proceed();
        } catch (AuthorizationDeniedException denied) {
            return handled(manager.handleDeniedInvocation(invocation, denied));
        }
    }

    /** {@code @PostAuthorize}: call, then decide with the return value as {@code returnObject}. */
    @Nullable
    Object postAuthorize(MethodInvocation invocation) throws Throwable {
        PostAuthorizeReactiveAuthorizationManager manager = postAuthorize.obtain();
        Object value;
        try {
            value = invocation.proceed();
        } catch (AuthorizationDeniedException denied) {
            return handled(manager.handleDeniedInvocation(invocation, denied));
        }
        MethodInvocationResult result = new MethodInvocationResult(invocation, value);
        AuthorizationResult decision = await(manager.authorize(authentication(), result));
        if (decision != null && decision.isGranted()) {
            return value;
        }
        return handled(manager.handleDeniedInvocationResult(result, decision != null ? decision : DENIED));
    }

    /** {@code @Secured}: Spring Security's imperative rule, with the authentication awaited from the Context. */
    @Nullable
    Object secured(MethodInvocation invocation) throws Throwable {
        Authentication authentication = await(authentication());
        AuthorizationResult decision = secured.authorize(() -> authentication, invocation);
        if (decision != null && !decision.isGranted()) {
            throw new AuthorizationDeniedException("Access Denied", decision);
        }
        return invocation.proceed();
    }

    private static Mono<Authentication> authentication() {
        return ReactiveSecurityContextHolder.getContext()
                .mapNotNull(SecurityContext::getAuthentication)
                .defaultIfEmpty(ANONYMOUS);
    }

    /** A denied-handler may answer with a value or a Mono of one, as for Spring Security's reactive interceptors. */
    private static @Nullable Object handled(@Nullable Object answer) {
        return answer instanceof Mono<?> mono ? await(mono) : answer;
    }

    private static @Nullable MethodSecurityExpressionHandler expressionHandler(ApplicationContext context) {
        return context.getBeanProvider(MethodSecurityExpressionHandler.class).getIfUnique();
    }

    private static @Nullable AnnotationTemplateExpressionDefaults templates(ApplicationContext context) {
        return context.getBeanProvider(AnnotationTemplateExpressionDefaults.class)
                .getIfUnique();
    }
}
