package dev.coro.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coro.CoroScheduler;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class CoroMetricsAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CoroAutoConfiguration.class, CoroMetricsAutoConfiguration.class));

    @Test
    void metersArePresentByDefaultAndBindToARegistry() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(CoroMetrics.class);
            MeterRegistry registry = new SimpleMeterRegistry();
            context.getBean(CoroMetrics.class).bindTo(registry);
            assertThat(registry.get("coro.coroutines.active").gauge()).isNotNull();
            assertThat(registry.get("coro.coroutines.started").functionCounter())
                    .isNotNull();
            assertThat(registry.get("coro.coroutines.finished").functionCounters())
                    .hasSize(3);
            assertThat(registry.get("coro.coroutines.suspended")
                            .functionCounter()
                            .getId()
                            .getBaseUnit())
                    .isEqualTo("seconds");
        });
    }

    @Test
    void backsOffForTheUsersMeters() {
        CoroMetrics own = new CoroMetrics(CoroScheduler.builder().build());
        runner.withBean(CoroMetrics.class, () -> own).run(context -> {
            assertThat(context).hasSingleBean(CoroMetrics.class);
            assertThat(context.getBean(CoroMetrics.class)).isSameAs(own);
        });
    }

    @Test
    void offWithCoroEnabledFalseEvenWithTheUsersScheduler() {
        runner.withBean(CoroScheduler.class, () -> CoroScheduler.builder().build())
                .withPropertyValues("coro.enabled=false")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(CoroMetrics.class);
                });
    }

    @Test
    void absentWithoutMicrometer() {
        runner.withClassLoader(new FilteredClassLoader(MeterBinder.class)).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(CoroScheduler.class);
            assertThat(context).doesNotHaveBean(CoroMetrics.class);
        });
    }
}
