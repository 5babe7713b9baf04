package dev.coro.spring.autoconfigure;

import dev.coro.CoroScheduler;
import dev.coro.spring.CoroRequestMappingHandlerAdapter;
import dev.coro.spring.Coroutine;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.WebFluxRegistrations;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerAdapter;

/**
 * Auto-configuration of the WebFlux integration: {@link Coroutine @Coroutine} handler methods run as coroutines, and
 * every request carries the {@link CoroScheduler} bean in its Reactor Context.
 *
 * <p>Installs {@link CoroRequestMappingHandlerAdapter} through a {@link WebFluxRegistrations} bean (backing off when
 * the application has one, which must then return that adapter) and a first-of-all {@code WebFilter} writing the
 * scheduler into the Context. Active in reactive web applications unless {@code coro.enabled=false} or
 * {@code coro.webflux.enabled=false}; then startup logs a WARN naming every {@code @Coroutine} handler method,
 * {@code CoroWebFilter} and coroutine route, none of which runs as a coroutine. In every case it checks at startup
 * where {@code @Coroutine} is misplaced or has no effect.
 *
 * <pre>{@code
 * coro.webflux.enabled=false   # leave WebFlux untouched
 * }</pre>
 */
@AutoConfiguration(after = CoroAutoConfiguration.class, before = WebFluxAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass({RequestMappingHandlerAdapter.class, WebFluxRegistrations.class})
public final class CoroWebFluxAutoConfiguration {

    CoroWebFluxAutoConfiguration() {}

    // Also when coro is off: it then names every @Coroutine method, coroutine filter and route that will not work.
    @Bean
    static CoroutineHandlerVerifier coroutineHandlerVerifier(
            ConfigurableApplicationContext context, CoroProperties properties) {
        String disabledBy = !properties.isEnabled()
                ? "coro.enabled=false"
                : !properties.getWebflux().isEnabled() ? "coro.webflux.enabled=false" : null;
        return new CoroutineHandlerVerifier(context, disabledBy);
    }

    @Configuration(proxyBeanMethods = false)
    // Also with an application-defined CoroScheduler: coro.enabled=false switches off every coro bean.
    @ConditionalOnBooleanProperty(name = "coro.enabled", matchIfMissing = true)
    @ConditionalOnBean(CoroScheduler.class)
    static class EnabledConfiguration {

        @Configuration(proxyBeanMethods = false)
        @ConditionalOnBooleanProperty(name = "coro.webflux.enabled", matchIfMissing = true)
        static class HookConfiguration {

            @Bean
            @ConditionalOnMissingBean(WebFluxRegistrations.class)
            static WebFluxRegistrations coroWebFluxRegistrations() {
                return new WebFluxRegistrations() {
                    @Override
                    public RequestMappingHandlerAdapter getRequestMappingHandlerAdapter() {
                        return new CoroRequestMappingHandlerAdapter();
                    }
                };
            }

            @Bean
            @ConditionalOnMissingBean
            CoroSchedulerWebFilter coroSchedulerWebFilter(CoroScheduler scheduler) {
                return new CoroSchedulerWebFilter(scheduler);
            }
        }
    }
}
