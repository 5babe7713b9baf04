package dev.coro.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coro.CoroScheduler;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class CoroEndpointAutoConfigurationTests {

    private static final String EXPOSE = "management.endpoints.web.exposure.include=coroutines";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CoroAutoConfiguration.class, CoroEndpointAutoConfiguration.class));

    @Test
    void endpointIsPresentOnceExposed() {
        runner.withPropertyValues(EXPOSE).run(context -> assertThat(context).hasSingleBean(CoroutinesEndpoint.class));
    }

    @Test
    void notExposedByDefault() {
        // Like every endpoint but health, it needs exposing.
        runner.run(context -> assertThat(context).doesNotHaveBean(CoroutinesEndpoint.class));
    }

    @Test
    void backsOffForTheUsersEndpoint() {
        CoroutinesEndpoint own = new CoroutinesEndpoint(CoroScheduler.builder().build());
        runner.withBean(CoroutinesEndpoint.class, () -> own)
                .withPropertyValues(EXPOSE)
                .run(context -> {
                    assertThat(context).hasSingleBean(CoroutinesEndpoint.class);
                    assertThat(context.getBean(CoroutinesEndpoint.class)).isSameAs(own);
                });
    }

    @Test
    void offWithCoroEnabledFalseEvenWithTheUsersScheduler() {
        runner.withBean(CoroScheduler.class, () -> CoroScheduler.builder().build())
                .withPropertyValues("coro.enabled=false", EXPOSE)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(CoroutinesEndpoint.class);
                });
    }

    @Test
    void absentWithoutActuator() {
        runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
                .withPropertyValues(EXPOSE)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).hasSingleBean(CoroScheduler.class);
                    assertThat(context).doesNotHaveBean(CoroutinesEndpoint.class);
                });
    }
}
