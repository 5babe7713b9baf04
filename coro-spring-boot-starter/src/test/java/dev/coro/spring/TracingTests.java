package dev.coro.spring;

import org.springframework.boot.test.context.SpringBootTest;

/** {@link TracingContract} with the Brave bridge. */
@SpringBootTest(
        classes = TestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "coro.scheduler.name-prefix=test-",
            "management.tracing.sampling.probability=1.0",
            // src/test/resources/application.properties leaves both bridges out of every other test.
            "spring.autoconfigure.exclude="
                    + "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure"
                    + ".OpenTelemetryTracingAutoConfiguration"
        })
class TracingTests extends TracingContract {}
