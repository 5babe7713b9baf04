package dev.coro.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A handler without {@code @Coroutine} that awaits fails the same way whatever is in front of it: with or without a
 * {@code CoroWebFilter} (the {@code X-Tenant} header routes the request through {@link TenantWebFilter}), with or
 * without a request body. Behind the filter, the GET used to run on the filter's coroutine and answer 200 while the
 * POST, whose body arrives on an event loop, answered 500.
 */
@SpringBootTest(
        classes = TestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "coro.scheduler.name-prefix=test-")
@ExtendWith(OutputCaptureExtension.class)
class FailFastGuardTests {

    @LocalServerPort
    int port;

    WebTestClient client;

    @BeforeEach
    void bind() {
        client = WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(20))
                .build();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"GET, false", "POST, false", "GET, true", "POST, true"})
    void plainHandlerThatAwaitsFailsWithOrWithoutACoroutineFilterInFront(
            HttpMethod method, boolean behindCoroutineFilter, CapturedOutput output) {
        WebTestClient.RequestBodySpec request = client.method(method)
                .uri("/plain/await")
                .header("X-Request-Id", "guard-" + method + behindCoroutineFilter);
        if (behindCoroutineFilter) {
            request.header("X-Tenant", "acme");
        }
        WebTestClient.ResponseSpec response =
                method == HttpMethod.POST ? request.bodyValue("body").exchange() : request.exchange();
        response.expectStatus().is5xxServerError();
        if (behindCoroutineFilter) {
            // The filter itself ran as a coroutine: the request did go through it.
            response.expectHeader().value("X-Filter-Thread", t -> assertThat(t).startsWith("test-TenantWebFilter-"));
        }
        assertThat(output.getAll()).contains("Coro.await called outside a coroutine on non-blocking thread");
    }
}
