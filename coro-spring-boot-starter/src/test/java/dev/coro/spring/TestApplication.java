package dev.coro.spring;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/** The application the WebFlux tests run: every kind of coroutine handler. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({
    OrderController.class,
    WholeClassController.class,
    ContextController.class,
    SlowController.class,
    LoadController.class,
    BindingController.class,
    FailingModelController.class,
    ErrorAdvice.class,
    SecurityConfig.class,
    FunctionalRoutes.class,
    PlainAwaitingController.class,
    TracingController.class,
    SessionController.class
})
class TestApplication {

    @Bean
    MdcWebFilter mdcWebFilter() {
        return new MdcWebFilter();
    }

    @Bean
    SlowWebFilter slowWebFilter() {
        return new SlowWebFilter();
    }

    @Bean
    TenantWebFilter tenantWebFilter() {
        return new TenantWebFilter();
    }
}
