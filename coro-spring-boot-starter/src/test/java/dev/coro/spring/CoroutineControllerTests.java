package dev.coro.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** {@code @Coroutine} controllers through WebTestClient bound to the application context (no server). */
@SpringBootTest(
        classes = TestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.MOCK,
        properties = "coro.scheduler.name-prefix=test-")
class CoroutineControllerTests {

    @Autowired
    ApplicationContext context;

    @Autowired
    OrderController orders;

    WebTestClient client;

    @BeforeEach
    void client() {
        client = WebTestClient.bindToApplicationContext(context).build();
    }

    @Test
    void plainValueIsWrittenAsJsonFromACoroutineNamedAfterTheHandler() {
        Order order = client.get()
                .uri("/orders/17")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Order.class)
                .returnResult()
                .getResponseBody();
        assertThat(order.id()).isEqualTo(17);
        assertThat(order.item()).isEqualTo("book");
        assertThat(order.thread()).matches("test-OrderController\\.order-\\d+");
    }

    @Test
    void requestBodyIsResolvedBeforeTheCoroutineRunsTheMethod() {
        Order created = client.post()
                .uri("/orders")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(new Order(3, "pen", "client"))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(Order.class)
                .returnResult()
                .getResponseBody();
        assertThat(created.item()).isEqualTo("pen");
        assertThat(created.thread()).startsWith("test-OrderController.create-");
    }

    @Test
    void responseEntityKeepsStatusHeadersAndBody() {
        client.get()
                .uri("/orders/5/entity")
                .exchange()
                .expectStatus()
                .isAccepted()
                .expectHeader()
                .value("X-Thread", t -> assertThat(t).startsWith("test-OrderController.entity-"))
                .expectBody()
                .jsonPath("$.item")
                .isEqualTo("entity");
    }

    @Test
    void voidMethodWithResponseStatusCompletesWithoutBody() {
        int before = orders.voidCalls.get();
        client.post()
                .uri("/orders/touch")
                .exchange()
                .expectStatus()
                .isNoContent()
                .expectBody()
                .isEmpty();
        assertThat(orders.voidCalls.get()).isEqualTo(before + 1);
    }

    @Test
    void nullResultIsAnEmptyOkAsForAPlainMethod() {
        client.get()
                .uri("/orders/none")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .isEmpty();
    }

    @Test
    void coroFluxStreamsNdjsonAndServerSentEvents() {
        List<Order> streamed = client.get()
                .uri("/orders/stream")
                .accept(MediaType.APPLICATION_NDJSON)
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(Order.class)
                .getResponseBody()
                .collectList()
                .block();
        assertThat(streamed).extracting(Order::id).containsExactly(1L, 2L, 3L);
        assertThat(streamed).allSatisfy(o -> assertThat(o.thread()).startsWith("test-flux-"));
        List<String> events = client.get()
                .uri("/orders/events")
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(String.class)
                .getResponseBody()
                .collectList()
                .block();
        assertThat(events).containsExactly("a", "b");
    }

    @Test
    void classLevelCoroutineConvertsPlainMethodsAndLeavesReactiveOnes() {
        client.get()
                .uri("/whole/plain")
                .exchange()
                .expectBody(String.class)
                .value(t -> assertThat(t).startsWith("test-WholeClassController.plain-"));
        client.get()
                .uri("/whole/reactive")
                .exchange()
                .expectBody(String.class)
                .value(t -> assertThat(t).doesNotStartWith("test-"));
    }

    @Test
    void exceptionGoesThroughTheControllersExceptionHandlerAsAMonoErrorDoes() {
        assertSameResponse("/orders/missing/9", "/orders/missing-mono/9", HttpStatus.NOT_FOUND, "X-Handler");
    }

    @Test
    void exceptionGoesThroughControllerAdviceAsAMonoErrorDoes() {
        assertSameResponse("/orders/invalid", "/orders/invalid-mono", HttpStatus.UNPROCESSABLE_CONTENT, "X-Advice");
    }

    @Test
    void awaitedErrorReachesTheExceptionHandler() {
        client.get()
                .uri("/orders/awaited-error")
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectBody()
                .jsonPath("$.error")
                .isEqualTo("no order 7");
    }

    private void assertSameResponse(String coroutine, String mono, HttpStatus status, String header) {
        var fromCoroutine = client.get()
                .uri(coroutine)
                .exchange()
                .expectStatus()
                .isEqualTo(status)
                .expectBody(String.class)
                .returnResult();
        var fromMono = client.get()
                .uri(mono)
                .exchange()
                .expectStatus()
                .isEqualTo(status)
                .expectBody(String.class)
                .returnResult();
        assertThat(fromCoroutine.getResponseBody())
                .isEqualTo(fromMono.getResponseBody())
                .isNotBlank();
        assertThat(fromCoroutine.getResponseHeaders().get(header))
                .isEqualTo(fromMono.getResponseHeaders().get(header))
                .isNotEmpty();
        assertThat(fromCoroutine.getResponseHeaders().getContentType())
                .isEqualTo(fromMono.getResponseHeaders().getContentType());
    }
}
