package dev.coro.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coro.Coro;
import dev.coro.CoroMonitor;
import dev.coro.CoroScheduler;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import reactor.util.context.Context;

@ExtendWith(OutputCaptureExtension.class)
class CoroMonitorAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CoroAutoConfiguration.class, CoroMonitorAutoConfiguration.class));

    @Test
    void bothWatchesRunByDefaultWithTheirMeters() {
        runner.run(context -> {
            CoroMonitor monitor = context.getBean(CoroMonitor.class);
            assertThat(monitor.watchesPinning()).isTrue();
            assertThat(monitor.watchesHogging()).isTrue();
            MeterRegistry registry = new SimpleMeterRegistry();
            context.getBean(CoroMonitorMetrics.class).bindTo(registry);
            assertThat(registry.get("coro.coroutines.pinned")
                            .tag("scheduler", "coro-")
                            .functionCounter()
                            .count())
                    .isZero();
            assertThat(registry.get("coro.coroutines.hogging").functionCounter().count())
                    .isZero();
        });
    }

    @Test
    void aHoggingCoroutineIsLoggedAtWarnWithItsStackAndCounted(CapturedOutput output) {
        runner.withPropertyValues("coro.monitor.pinning.enabled=false", "coro.monitor.hogging.threshold=50ms")
                .run(context -> {
                    CoroScheduler scheduler = context.getBean(CoroScheduler.class);
                    CoroMonitor monitor = context.getBean(CoroMonitor.class);
                    MeterRegistry registry = new SimpleMeterRegistry();
                    context.getBean(CoroMonitorMetrics.class).bindTo(registry);
                    String name = Coro.mono(() -> {
                                spinUntilReported(monitor);
                                return Thread.currentThread().getName();
                            })
                            .contextWrite(Context.of(CoroScheduler.CONTEXT_KEY, scheduler))
                            .block(Duration.ofSeconds(60));
                    assertThat(output.getAll())
                            .contains("WARN")
                            .contains("Coroutine '" + name + "' has run on its carrier thread for ")
                            .contains("at " + CoroMonitorAutoConfigurationTests.class.getName() + ".spinUntilReported");
                    assertThat(registry.get("coro.coroutines.hogging")
                                    .functionCounter()
                                    .count())
                            .isEqualTo(1);
                    assertThat(registry.find("coro.coroutines.pinned").functionCounter())
                            .isNull();
                });
    }

    @Test
    void eachWatchIsOffByItsPropertyAndBothOffMeanNoMonitor() {
        runner.withPropertyValues("coro.monitor.hogging.enabled=false").run(context -> {
            assertThat(context.getBean(CoroMonitor.class).watchesHogging()).isFalse();
            assertThat(context.getBean(CoroMonitor.class).watchesPinning()).isTrue();
        });
        runner.withPropertyValues("coro.monitor.pinning.enabled=false", "coro.monitor.hogging.enabled=false")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(CoroMonitor.class);
                    assertThat(context).doesNotHaveBean(CoroMonitorMetrics.class);
                });
    }

    @Test
    void offWithCoroEnabledFalseEvenWithTheUsersScheduler() {
        runner.withBean(CoroScheduler.class, () -> CoroScheduler.builder().build())
                .withPropertyValues("coro.enabled=false")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(CoroMonitor.class);
                });
    }

    @Test
    void backsOffForTheUsersMonitor() {
        runner.withBean(
                        CoroMonitor.class,
                        () -> CoroMonitor.builder(CoroScheduler.defaultScheduler())
                                .pinning(false)
                                .start())
                .run(context -> {
                    assertThat(context).hasSingleBean(CoroMonitor.class);
                    assertThat(context.getBean(CoroMonitor.class).watchesPinning())
                            .isFalse();
                });
    }

    @Test
    void noMetersWithoutMicrometer() {
        runner.withClassLoader(new FilteredClassLoader(MeterBinder.class)).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(CoroMonitor.class);
            assertThat(context).doesNotHaveBean(CoroMonitorMetrics.class);
        });
    }

    @Test
    void anInvalidThresholdFailsStartupNamingTheProperty() {
        runner.withPropertyValues("coro.monitor.hogging.threshold=-1s")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("coro.monitor.*.threshold must not be negative"));
    }

    private static void spinUntilReported(CoroMonitor monitor) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (monitor.hoggingCount() == 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }
}
