package dev.coro.spring.autoconfigure;

import dev.coro.CoroMonitor;
import dev.coro.CoroScheduler;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of a {@link CoroMonitor} on the {@link CoroScheduler} bean: a coroutine that blocks while pinned
 * to its carrier, or runs long without a wait, is logged once at WARN (logger {@code dev.coro.CoroMonitor}) with its
 * name and stack, and counted in {@code coro.coroutines.pinned} / {@code coro.coroutines.hogging} when Micrometer is
 * present.
 *
 * <p>Each watch is on by default and off with its property; with both off there is no monitor. The monitor starts
 * with the context and stops with it.
 *
 * <pre>{@code
 * coro.monitor.pinning.enabled=false
 * coro.monitor.hogging.threshold=200ms
 * }</pre>
 */
@AutoConfiguration(after = CoroAutoConfiguration.class)
@ConditionalOnClass(CoroMonitor.class)
// Also with an application-defined CoroScheduler: coro.enabled=false switches off every coro bean.
@ConditionalOnBooleanProperty(name = "coro.enabled", matchIfMissing = true)
@ConditionalOnBean(CoroScheduler.class)
@Conditional(CoroMonitorAutoConfiguration.AnyWatch.class)
public final class CoroMonitorAutoConfiguration {

    private static final Log LOG = LogFactory.getLog(CoroMonitor.class);

    CoroMonitorAutoConfiguration() {}

    @Bean
    @ConditionalOnMissingBean
    CoroMonitor coroMonitor(CoroScheduler scheduler, CoroProperties properties) {
        CoroProperties.Monitor settings = properties.getMonitor();
        return CoroMonitor.builder(scheduler)
                .pinning(settings.getPinning().isEnabled())
                .pinningThreshold(settings.getPinning().getThreshold())
                .hogging(settings.getHogging().isEnabled())
                .hoggingThreshold(settings.getHogging().getThreshold())
                .listener(stall -> LOG.warn(stall.describe()))
                .start();
    }

    // Nested, so that Micrometer's classes are loaded only once Micrometer is known to be present.
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterBinder.class)
    static class MetricsConfiguration {

        @Bean
        @ConditionalOnMissingBean
        CoroMonitorMetrics coroMonitorMetrics(CoroMonitor monitor, CoroScheduler scheduler) {
            return new CoroMonitorMetrics(monitor, scheduler);
        }
    }

    static final class AnyWatch extends AnyNestedCondition {

        AnyWatch() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnBooleanProperty(name = "coro.monitor.pinning.enabled", matchIfMissing = true)
        static final class Pinning {}

        @ConditionalOnBooleanProperty(name = "coro.monitor.hogging.enabled", matchIfMissing = true)
        static final class Hogging {}
    }
}
