package dev.coro.spring.autoconfigure;

import dev.coro.CoroScheduler;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of Micrometer meters for the {@link CoroScheduler} bean: {@code coro.coroutines.active},
 * {@code .queued}, {@code .started}, {@code .finished{outcome=completed|failed|cancelled}} and {@code .suspended}
 * (seconds).
 *
 * <p>The meters read the scheduler's counters when scraped; Spring Boot binds the {@link MeterBinder} bean to every
 * meter registry. Present when Micrometer is on the classpath.
 *
 * <pre>{@code
 * GET /actuator/metrics/coro.coroutines.active
 * }</pre>
 */
@AutoConfiguration(after = CoroAutoConfiguration.class)
@ConditionalOnClass(MeterBinder.class)
// Also with an application-defined CoroScheduler: coro.enabled=false switches off every coro bean.
@ConditionalOnBooleanProperty(name = "coro.enabled", matchIfMissing = true)
@ConditionalOnBean(CoroScheduler.class)
public final class CoroMetricsAutoConfiguration {

    CoroMetricsAutoConfiguration() {}

    @Bean
    @ConditionalOnMissingBean
    CoroMetrics coroMetrics(CoroScheduler scheduler) {
        return new CoroMetrics(scheduler);
    }
}
