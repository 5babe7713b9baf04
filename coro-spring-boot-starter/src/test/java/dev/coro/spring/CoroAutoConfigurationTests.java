package dev.coro.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coro.CoroScheduler;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableReactiveWebApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.WebFluxRegistrations;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerAdapter;
import reactor.core.publisher.Mono;

@ExtendWith(OutputCaptureExtension.class)
class CoroAutoConfigurationTests {

    private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    CoroAutoConfiguration.class,
                    CoroWebFluxAutoConfiguration.class,
                    CoroMetricsAutoConfiguration.class,
                    CoroEndpointAutoConfiguration.class,
                    WebFluxAutoConfiguration.class));

    @Test
    void defaultsGiveAnUnboundedSchedulerTheWebFluxHookAndMeters() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            CoroScheduler scheduler = context.getBean(CoroScheduler.class);
            assertThat(scheduler.namePrefix()).isEqualTo("coro-");
            assertThat(scheduler.maxConcurrency()).isEqualTo(Integer.MAX_VALUE);
            assertThat(context).hasSingleBean(CoroSchedulerWebFilter.class);
            assertThat(context).hasSingleBean(CoroMetrics.class);
            assertThat(context.getBean(RequestMappingHandlerAdapter.class))
                    .isInstanceOf(CoroRequestMappingHandlerAdapter.class);
            // Like every endpoint but health, it needs exposing.
            assertThat(context).doesNotHaveBean(CoroutinesEndpoint.class);
        });
    }

    @Test
    void schedulerIsBuiltFromProperties() {
        runner.withPropertyValues("coro.scheduler.name-prefix=orders-", "coro.scheduler.max-concurrency=64")
                .run(context -> {
                    CoroScheduler scheduler = context.getBean(CoroScheduler.class);
                    assertThat(scheduler.namePrefix()).isEqualTo("orders-");
                    assertThat(scheduler.maxConcurrency()).isEqualTo(64);
                });
    }

    @Test
    void endpointIsThereOnceExposed() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=coroutines")
                .run(context -> assertThat(context).hasSingleBean(CoroutinesEndpoint.class));
    }

    @Test
    void backsOffForTheUsersScheduler() {
        CoroScheduler own = CoroScheduler.builder().namePrefix("mine-").build();
        runner.withBean(CoroScheduler.class, () -> own).run(context -> {
            assertThat(context).hasSingleBean(CoroScheduler.class);
            assertThat(context.getBean(CoroScheduler.class)).isSameAs(own);
            assertThat(context).hasSingleBean(CoroSchedulerWebFilter.class);
        });
    }

    @Test
    void backsOffForTheUsersWebFluxRegistrationsThatReturnsTheCoroAdapter() {
        runner.withUserConfiguration(OwnRegistrations.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(WebFluxRegistrations.class);
            assertThat(context.getBean(RequestMappingHandlerAdapter.class)).isInstanceOf(OwnAdapter.class);
        });
    }

    @Test
    void offWithCoroEnabledFalse() {
        runner.withPropertyValues("coro.enabled=false", "management.endpoints.web.exposure.include=coroutines")
                .run(context -> {
                    assertThat(context).doesNotHaveBean(CoroScheduler.class);
                    assertNoCoroBeanButTheScheduler(context);
                });
    }

    @Test
    void offWithCoroEnabledFalseEvenWithTheUsersScheduler() {
        runner.withBean(CoroScheduler.class, () -> CoroScheduler.builder().build())
                .withPropertyValues("coro.enabled=false", "management.endpoints.web.exposure.include=coroutines")
                .run(CoroAutoConfigurationTests::assertNoCoroBeanButTheScheduler);
    }

    private static void assertNoCoroBeanButTheScheduler(AssertableReactiveWebApplicationContext context) {
        assertThat(context).hasNotFailed();
        assertThat(context).doesNotHaveBean(CoroSchedulerWebFilter.class);
        assertThat(context).doesNotHaveBean(CoroMetrics.class);
        assertThat(context).doesNotHaveBean(CoroutinesEndpoint.class);
        assertThat(context.getBean(RequestMappingHandlerAdapter.class))
                .isNotInstanceOf(CoroRequestMappingHandlerAdapter.class);
    }

    @Test
    void metersBackOffForTheUsersMeterBinder() {
        CoroMetrics own = new CoroMetrics(CoroScheduler.builder().build());
        runner.withBean(CoroMetrics.class, () -> own).run(context -> {
            assertThat(context).hasSingleBean(CoroMetrics.class);
            assertThat(context.getBean(CoroMetrics.class)).isSameAs(own);
        });
    }

    @Test
    void endpointBacksOffForTheUsersEndpoint() {
        CoroutinesEndpoint own = new CoroutinesEndpoint(CoroScheduler.builder().build());
        runner.withBean(CoroutinesEndpoint.class, () -> own)
                .withPropertyValues("management.endpoints.web.exposure.include=coroutines")
                .run(context -> {
                    assertThat(context).hasSingleBean(CoroutinesEndpoint.class);
                    assertThat(context.getBean(CoroutinesEndpoint.class)).isSameAs(own);
                });
    }

    @Test
    void webFluxPartOffWithCoroWebfluxEnabledFalse() {
        runner.withPropertyValues("coro.webflux.enabled=false").run(context -> {
            assertThat(context).hasSingleBean(CoroScheduler.class);
            assertThat(context).doesNotHaveBean(CoroSchedulerWebFilter.class);
            assertThat(context.getBean(RequestMappingHandlerAdapter.class))
                    .isNotInstanceOf(CoroRequestMappingHandlerAdapter.class);
        });
    }

    @Test
    void coroutineHandlersWithCoroWebfluxEnabledFalseLogAWarningAtStartup(CapturedOutput output) {
        runner.withPropertyValues("coro.webflux.enabled=false")
                .withUserConfiguration(PlainCoroutineController.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(output.getAll())
                            .containsOnlyOnce("1 @Coroutine handler methods found, but coro.webflux.enabled=false");
                });
    }

    @Test
    void noWebFluxPartOutsideAReactiveWebApplication() {
        new ApplicationContextRunner()
                .withConfiguration(
                        AutoConfigurations.of(CoroAutoConfiguration.class, CoroWebFluxAutoConfiguration.class))
                .run(context -> {
                    assertThat(context).hasSingleBean(CoroScheduler.class);
                    assertThat(context).doesNotHaveBean(CoroSchedulerWebFilter.class);
                    assertThat(context).doesNotHaveBean(WebFluxRegistrations.class);
                });
    }

    @Test
    void noWebFluxPartWithoutWebFluxOnTheClasspath() {
        runner.withClassLoader(new FilteredClassLoader(RequestMappingHandlerAdapter.class))
                .run(context -> {
                    assertThat(context).hasSingleBean(CoroScheduler.class);
                    assertThat(context).doesNotHaveBean(CoroSchedulerWebFilter.class);
                    assertThat(context).doesNotHaveBean(WebFluxRegistrations.class);
                });
    }

    @Test
    void noFailureWithoutActuatorAndMicrometer() {
        runner.withClassLoader(new FilteredClassLoader("io.micrometer.core", "org.springframework.boot.actuate"))
                .withPropertyValues("management.endpoints.web.exposure.include=coroutines")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).hasSingleBean(CoroScheduler.class);
                    assertThat(context).doesNotHaveBean(CoroMetrics.class);
                    assertThat(context).doesNotHaveBean(CoroutinesEndpoint.class);
                });
    }

    @Test
    void metersAreBoundToARegistry() {
        runner.run(context -> {
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
    void maxConcurrencyBelowOneFailsStartupNamingTheProperty() {
        runner.withPropertyValues("coro.scheduler.max-concurrency=0")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("coro.scheduler.max-concurrency must be at least 1, was 0"));
        runner.withPropertyValues("coro.scheduler.max-concurrency=0")
                .run(context -> assertThat(context)
                        .getFailure()
                        .hasStackTraceContaining("Failed to bind properties under 'coro.scheduler'"));
    }

    @Test
    void nonNumericMaxConcurrencyFailsStartup() {
        runner.withPropertyValues("coro.scheduler.max-concurrency=lots")
                .run(context -> assertThat(context)
                        .getFailure()
                        .hasStackTraceContaining("Failed to bind properties under 'coro.scheduler.max-concurrency'"));
    }

    @Test
    void invalidCoroEnabledFailsStartupNamingTheProperty() {
        runner.withPropertyValues("coro.enabled=maybe")
                .run(context -> assertThat(context)
                        .getFailure()
                        .hasStackTraceContaining("Failed to bind properties under 'coro.enabled'"));
    }

    @Test
    void invalidCoroWebfluxEnabledFailsStartupNamingTheProperty() {
        runner.withPropertyValues("coro.webflux.enabled=maybe")
                .run(context -> assertThat(context)
                        .getFailure()
                        .hasStackTraceContaining("Failed to bind properties under 'coro.webflux.enabled'"));
    }

    @Test
    void blankNamePrefixFailsStartup() {
        runner.withPropertyValues("coro.scheduler.name-prefix= ")
                .run(context -> assertThat(context)
                        .getFailure()
                        .hasStackTraceContaining("coro.scheduler.name-prefix must not be blank"));
    }

    @Test
    void coroutineOnAMethodReturningMonoFailsStartup() {
        runner.withUserConfiguration(MisplacedController.class)
                .run(context -> assertThat(context)
                        .getFailure()
                        .hasMessageContaining("@Coroutine is on handler methods that return a reactive type")
                        .hasMessageContaining("MisplacedController.reactive()")
                        .hasMessageContaining("remove @Coroutine"));
    }

    @Test
    void coroutineHandlersWithAForeignAdapterFailStartup() {
        runner.withUserConfiguration(ForeignRegistrations.class, PlainCoroutineController.class)
                .run(context -> assertThat(context)
                        .getFailure()
                        .hasMessageContaining("1 @Coroutine handler methods found")
                        .hasMessageContaining("CoroRequestMappingHandlerAdapter"));
    }

    @Test
    void metadataDocumentsEveryProperty() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in)
                    .as("generated by spring-boot-configuration-processor")
                    .isNotNull();
            String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(json)
                    .contains("\"coro.enabled\"", "\"coro.webflux.enabled\"")
                    .contains("\"coro.scheduler.name-prefix\"", "\"coro.scheduler.max-concurrency\"")
                    .contains("Maximum number of top-level coroutines (in WebFlux: requests) running at once");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnRegistrations {
        @Bean
        WebFluxRegistrations ownRegistrations() {
            return new WebFluxRegistrations() {
                @Override
                public RequestMappingHandlerAdapter getRequestMappingHandlerAdapter() {
                    return new OwnAdapter();
                }
            };
        }
    }

    static class OwnAdapter extends CoroRequestMappingHandlerAdapter {}

    @Configuration(proxyBeanMethods = false)
    static class ForeignRegistrations {
        @Bean
        WebFluxRegistrations foreignRegistrations() {
            return new WebFluxRegistrations() {
                @Override
                public RequestMappingHandlerAdapter getRequestMappingHandlerAdapter() {
                    return new RequestMappingHandlerAdapter();
                }
            };
        }
    }

    @RestController
    static class MisplacedController {
        @Coroutine
        @GetMapping("/reactive")
        Mono<String> reactive() {
            return Mono.just("x");
        }
    }

    @RestController
    static class PlainCoroutineController {
        @Coroutine
        @GetMapping("/plain")
        String plain() {
            return "x";
        }
    }
}
