package dev.coro.spring.autoconfigure;

import static dev.coro.Coro.await;
import static dev.coro.spring.CoroHandlerFunctions.coroutine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.web.reactive.function.server.RouterFunctions.route;

import dev.coro.CoroScheduler;
import dev.coro.spring.CoroRequestMappingHandlerAdapter;
import dev.coro.spring.CoroWebFilter;
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
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerAdapter;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;
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

    @Test
    void coroEnabledFalseNamesEveryCoroutineHandlerFilterAndRouteThatWillNotRun(CapturedOutput output) {
        runner.withPropertyValues("coro.enabled=false")
                .withUserConfiguration(PlainCoroutineController.class, CoroutineFilterAndRoute.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(output.getAll())
                            .containsOnlyOnce(
                                    "coro: coro.enabled=false switches coro-reactor's WebFlux integration off")
                            .contains("1 @Coroutine handler methods found, but coro.enabled=false")
                            .contains("PlainCoroutineController.plain()")
                            .contains("1 CoroWebFilter beans fail every request they apply to")
                            .contains("tenantFilter (" + TenantFilter.class.getName() + ")")
                            .contains("1 coroutine routes fail every request: (GET && /fn)");
                });
    }

    @Test
    void coroWebfluxEnabledFalseNamesTheCoroutineFilterToo(CapturedOutput output) {
        runner.withPropertyValues("coro.webflux.enabled=false")
                .withUserConfiguration(CoroutineFilterAndRoute.class)
                .run(context -> assertThat(output.getAll())
                        .contains("coro.webflux.enabled=false switches")
                        .contains("tenantFilter (" + TenantFilter.class.getName() + ")"));
    }

    @Test
    void nothingIsLoggedWhenCoroIsOnOrWhenOffWithoutCoroutineCode(CapturedOutput output) {
        runner.withUserConfiguration(PlainCoroutineController.class, CoroutineFilterAndRoute.class)
                .run(context -> assertThat(context).hasNotFailed());
        runner.withPropertyValues("coro.enabled=false")
                .run(context -> assertThat(context).hasNotFailed());
        assertThat(output.getAll()).doesNotContain("switches coro-reactor's WebFlux integration off");
    }

    @Test
    void coroutineOnAServiceOrComponentMethodLogsThatItHasNoEffect(CapturedOutput output) {
        runner.withUserConfiguration(CoroutineService.class, WholeClassComponent.class, AdviceInController.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(output.getAll())
                            .containsOnlyOnce("@Coroutine has no effect on 3 methods or classes")
                            .contains("CoroutineService.work()")
                            .contains(WholeClassComponent.class.getName() + " (class-level @Coroutine)")
                            .contains("AdviceInController.failed()")
                            .doesNotContain("AdviceInController.get()")
                            .contains("return Coro.mono(() -> ...) from it");
                });
    }

    @Test
    void coroutineOnHandlerMethodsOnlyLogsNothing(CapturedOutput output) {
        runner.withUserConfiguration(PlainCoroutineController.class, WholeClassController.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(output.getAll()).doesNotContain("@Coroutine has no effect");
                });
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

    static class TenantFilter extends CoroWebFilter {
        @Override
        protected void doFilter(ServerWebExchange exchange, WebFilterChain chain) {
            await(chain.filter(exchange));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class CoroutineFilterAndRoute {
        @Bean
        TenantFilter tenantFilter() {
            return new TenantFilter();
        }

        @Bean
        RouterFunction<ServerResponse> coroutineRoute() {
            return route().GET(
                            "/fn",
                            coroutine(request -> await(ServerResponse.ok().build())))
                    .GET("/fn-plain", request -> ServerResponse.ok().build())
                    .build();
        }
    }

    static class CoroutineService {
        @Coroutine
        String work() {
            return "x";
        }
    }

    @Coroutine
    static class WholeClassComponent {
        String work() {
            return "x";
        }
    }

    @RestController
    @Coroutine
    static class WholeClassController {
        @GetMapping("/whole")
        String whole() {
            return "x";
        }
    }

    @RestController
    static class AdviceInController {
        @GetMapping("/advised")
        @Coroutine
        String get() {
            return "x";
        }

        @Coroutine
        @ExceptionHandler(IllegalStateException.class)
        String failed() {
            return "failed";
        }
    }
}
