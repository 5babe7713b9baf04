package dev.coro.spring.autoconfigure;

import dev.coro.CoroScheduler;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of coro-reactor's {@link CoroScheduler} from the {@code coro.*} properties.
 *
 * <p>The scheduler bean is immutable and thread-safe; the WebFlux integration puts it into every request's Reactor
 * Context, so all coroutines of a request run on it. Define a {@code CoroScheduler} bean of your own to replace it;
 * {@code coro.enabled=false} switches everything off. The {@code coro.*} properties are bound whatever
 * {@code coro.enabled} says, so that an invalid value of it (or of any other {@code coro.*} property) fails startup
 * with a binding error instead of silently not matching a condition.
 *
 * <pre>{@code
 * @Bean
 * CoroScheduler coroScheduler() {
 *     return CoroScheduler.builder().namePrefix("orders-").maxConcurrency(500).build();
 * }
 * }</pre>
 */
@AutoConfiguration
@ConditionalOnClass(CoroScheduler.class)
@EnableConfigurationProperties(CoroProperties.class)
public final class CoroAutoConfiguration {

    CoroAutoConfiguration() {}

    @Bean
    @ConditionalOnBooleanProperty(name = "coro.enabled", matchIfMissing = true)
    @ConditionalOnMissingBean
    CoroScheduler coroScheduler(CoroProperties properties) {
        CoroProperties.Scheduler settings = properties.getScheduler();
        CoroScheduler.Builder builder = CoroScheduler.builder().namePrefix(settings.getNamePrefix());
        Integer maxConcurrency = settings.getMaxConcurrency();
        if (maxConcurrency != null) {
            builder.maxConcurrency(maxConcurrency);
        }
        return builder.build();
    }
}
