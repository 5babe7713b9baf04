package dev.coro.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coro.CoroScheduler;
import dev.coro.spring.CoroRequestMappingHandlerAdapter;
import dev.coro.spring.Coroutine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
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
class CoroWebFluxAutoConfigurationTests {

    private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    CoroAutoConfiguration.class, CoroWebFluxAutoConfiguration.class, WebFluxAutoConfiguration.class));

    @Test
    void defaultsInstallTheAdapterAndTheSchedulerFilter() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(CoroSchedulerWebFilter.class);
            assertThat(context.getBean(RequestMappingHandlerAdapter.class))
                    .isInstanceOf(CoroRequestMappingHandlerAdapter.class);
        });
    }

    @Test
    void worksWithTheUsersScheduler() {
        CoroScheduler own = CoroScheduler.builder().namePrefix("mine-").build();
        runner.withBean(CoroScheduler.class, () -> own)
                .run(context -> assertThat(context).hasSingleBean(CoroSchedulerWebFilter.class));
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
    void offWithCoroEnabledFalseEvenWithTheUsersScheduler() {
        runner.withBean(CoroScheduler.class, () -> CoroScheduler.builder().build())
                .withPropertyValues("coro.enabled=false")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(CoroSchedulerWebFilter.class);
                    assertThat(context.getBean(RequestMappingHandlerAdapter.class))
                            .isNotInstanceOf(CoroRequestMappingHandlerAdapter.class);
                });
    }

    @Test
    void offWithCoroWebfluxEnabledFalse() {
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
    void absentOutsideAReactiveWebApplication() {
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
    void absentWithoutWebFluxOnTheClasspath() {
        runner.withClassLoader(new FilteredClassLoader(RequestMappingHandlerAdapter.class))
                .run(context -> {
                    assertThat(context).hasSingleBean(CoroScheduler.class);
                    assertThat(context).doesNotHaveBean(CoroSchedulerWebFilter.class);
                    assertThat(context).doesNotHaveBean(WebFluxRegistrations.class);
                });
    }

    @Test
    void invalidCoroWebfluxEnabledFailsStartupNamingTheProperty() {
        runner.withPropertyValues("coro.webflux.enabled=maybe")
                .run(context -> assertThat(context)
                        .getFailure()
                        .hasStackTraceContaining("Failed to bind properties under 'coro.webflux.enabled'"));
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
