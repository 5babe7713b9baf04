package dev.coro.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * {@code coro.enabled=false} means off: no coroutine runs for a request, the coroutine filter is not skipped but fails
 * the request naming the cause, and startup names each {@code @Coroutine} method, coroutine filter and route. Before,
 * the filter still ran as a coroutine on a default scheduler and nothing was logged.
 */
@SpringBootTest(
        classes = TestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "coro.enabled=false")
@ExtendWith(OutputCaptureExtension.class)
class CoroDisabledTests {

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

    @Test
    void coroutineFilterFailsTheRequestInsteadOfRunningOnADefaultScheduler(CapturedOutput output) {
        client.get()
                .uri("/plain/ok")
                .header("X-Tenant", "acme")
                .exchange()
                .expectStatus()
                .is5xxServerError()
                .expectHeader()
                .doesNotExist("X-Filter-Thread");
        assertThat(output.getAll())
                .contains("The coroutine filter " + TenantWebFilter.class.getName() + " did not run")
                .contains("coro.enabled=false");
    }

    @Test
    void coroutineRouteFailsTheRequest(CapturedOutput output) {
        client.get().uri("/fn/orders/3").exchange().expectStatus().is5xxServerError();
        assertThat(output.getAll()).contains("The coroutine route GET /fn/orders/{id} did not run");
    }

    @Test
    void coroutineHandlerRunsAsAPlainMethodAndItsAwaitFails(CapturedOutput output) {
        client.get().uri("/orders/1").exchange().expectStatus().is5xxServerError();
        assertThat(output.getAll()).contains("Coro.await called outside a coroutine on non-blocking thread");
    }

    @Test
    void handlerWithoutCoroutineCodeIsUntouched() {
        client.get().uri("/plain/ok").exchange().expectStatus().isOk();
    }

    @Test
    void startupNamedWhatWillNotRun(CapturedOutput output) {
        assertThat(output.getAll())
                .contains("coro: coro.enabled=false switches coro-reactor's WebFlux integration off")
                .contains("OrderController.order()")
                .contains("tenantWebFilter (" + TenantWebFilter.class.getName() + ")")
                .contains("slowWebFilter (" + SlowWebFilter.class.getName() + ")")
                .contains("/fn/orders/{id}");
    }
}
