package dev.coro.spring.autoconfigure;

import dev.coro.CoroScheduler;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the {@link CoroutinesEndpoint} ({@code /actuator/coroutines}) when Spring Boot Actuator is
 * present and the endpoint is available (enabled and exposed).
 *
 * <p>The endpoint reads the {@link CoroScheduler} bean on request only.
 *
 * <pre>{@code
 * management.endpoints.web.exposure.include=health,coroutines
 * }</pre>
 */
@AutoConfiguration(after = CoroAutoConfiguration.class)
@ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class})
// Also with an application-defined CoroScheduler: coro.enabled=false switches off every coro bean.
@ConditionalOnBooleanProperty(name = "coro.enabled", matchIfMissing = true)
public final class CoroEndpointAutoConfiguration {

    CoroEndpointAutoConfiguration() {}

    // Nested, so that the endpoint condition's class is loaded only once actuator is known to be present.
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnAvailableEndpoint(CoroutinesEndpoint.class)
    @ConditionalOnBean(CoroScheduler.class)
    static class EndpointConfiguration {

        @Bean
        @ConditionalOnMissingBean
        CoroutinesEndpoint coroutinesEndpoint(CoroScheduler scheduler) {
            return new CoroutinesEndpoint(scheduler);
        }
    }
}
