package dev.coro.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authorization.method.AuthorizationAdvisor;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.method.configuration.EnableReactiveMethodSecurity;

class CoroMethodSecurityAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(CoroAutoConfiguration.class, CoroMethodSecurityAutoConfiguration.class));

    @Test
    void wrapsTheReactivePrePostAdvisorsAndAddsSecured() {
        runner.withUserConfiguration(ReactiveMethodSecurity.class).run(context -> {
            assertThat(context).hasNotFailed();
            Map<String, AuthorizationAdvisor> advisors = context.getBeansOfType(AuthorizationAdvisor.class);
            assertThat(advisors.get("preAuthorizeAuthorizationMethodInterceptor"))
                    .isInstanceOf(CoroAuthorizationAdvisor.class)
                    .asString()
                    .startsWith("CoroAuthorizationAdvisor[PRE_AUTHORIZE, ");
            assertThat(advisors.get("postAuthorizeAuthorizationMethodInterceptor"))
                    .isInstanceOf(CoroAuthorizationAdvisor.class)
                    .asString()
                    .startsWith("CoroAuthorizationAdvisor[POST_AUTHORIZE, ");
            // Filters keep Spring Security's own advice: they filter publishers, which plain methods do not return.
            assertThat(advisors.get("preFilterAuthorizationMethodInterceptor"))
                    .isNotInstanceOf(CoroAuthorizationAdvisor.class);
            assertThat(context).hasSingleBean(CoroSecuredAdvisor.class);
        });
    }

    @Test
    void leavesImperativeMethodSecurityAlone() {
        runner.withUserConfiguration(ImperativeMethodSecurity.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBeansOfType(AuthorizationAdvisor.class).values())
                    .isNotEmpty()
                    .noneMatch(CoroAuthorizationAdvisor.class::isInstance)
                    .noneMatch(CoroSecuredAdvisor.class::isInstance);
        });
    }

    @Test
    void offWithCoroEnabledFalse() {
        runner.withUserConfiguration(ReactiveMethodSecurity.class)
                .withPropertyValues("coro.enabled=false")
                .run(context -> {
                    assertThat(context).doesNotHaveBean(CoroMethodSecurityInstaller.class);
                    assertThat(context).doesNotHaveBean(CoroSecuredAdvisor.class);
                    assertThat(context.getBeansOfType(AuthorizationAdvisor.class)
                                    .values())
                            .noneMatch(CoroAuthorizationAdvisor.class::isInstance);
                });
    }

    @Test
    void absentWithoutSpringSecurity() {
        runner.withClassLoader(new FilteredClassLoader(AuthorizationAdvisor.class))
                .run(context -> assertThat(context).doesNotHaveBean(CoroMethodSecurityInstaller.class));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableReactiveMethodSecurity
    static class ReactiveMethodSecurity {}

    @Configuration(proxyBeanMethods = false)
    @EnableMethodSecurity(securedEnabled = true)
    static class ImperativeMethodSecurity {}
}
