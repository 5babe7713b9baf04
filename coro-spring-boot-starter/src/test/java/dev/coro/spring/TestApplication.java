package dev.coro.spring;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/** The application the WebFlux tests run: every kind of coroutine handler. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({OrderController.class, WholeClassController.class, ErrorAdvice.class, SecurityConfig.class})
class TestApplication {}
