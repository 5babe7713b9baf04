package dev.coro.spring;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;

/**
 * Every kind of coroutine handler (annotated method, annotated class, functional endpoint, filter) and what it must
 * see; run bound to the application context and over a real port.
 */
abstract class HandlerKindsContract {

    static final ParameterizedTypeReference<Map<String, String>> MAP = new ParameterizedTypeReference<>() {};

    @Autowired
    OrderController orders;

    abstract WebTestClient client();

    @Test
    void plainValueIsWrittenAsJsonFromACoroutineNamedAfterTheHandler() {
        Order order = client().get()
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
        Order created = client().post()
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
        client().get()
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
        client().post()
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
        client().get()
                .uri("/orders/none")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .isEmpty();
    }

    @Test
    void coroFluxStreamsNdjsonAndServerSentEvents() {
        List<Order> streamed = ndjsonOrders("/orders/stream").collectList().block();
        assertThat(streamed).extracting(Order::id).containsExactly(1L, 2L, 3L);
        assertThat(streamed).allSatisfy(o -> assertThat(o.thread()).startsWith("test-flux-"));
        List<String> events = client().get()
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
        client().get()
                .uri("/whole/plain")
                .exchange()
                .expectBody(String.class)
                .value(t -> assertThat(t).startsWith("test-WholeClassController.plain-"));
        client().get()
                .uri("/whole/reactive")
                .exchange()
                .expectBody(String.class)
                .value(t -> assertThat(t).doesNotContain("WholeClassController"));
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
        client().get()
                .uri("/orders/awaited-error")
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectBody()
                .jsonPath("$.error")
                .isEqualTo("no order 7");
    }

    @Test
    void springSecurityPrincipalIsAwaitableInsideTheCoroutine() {
        Map<String, String> me = client().get()
                .uri("/secure/me")
                .headers(h -> h.setBasicAuth("alice", "secret"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(MAP)
                .returnResult()
                .getResponseBody();
        assertThat(me).containsEntry("name", "alice");
        assertThat(me.get("thread")).startsWith("test-ContextController.me-");
        client().get().uri("/secure/me").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void contextWrittenByAFilterIsVisibleInTheHandler() {
        Map<String, String> seen = client().get()
                .uri("/context/tenant")
                .header("X-Tenant", "acme")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .value("X-Filter-Thread", t -> assertThat(t).startsWith("test-TenantWebFilter-"))
                .expectBody(MAP)
                .returnResult()
                .getResponseBody();
        assertThat(seen).containsEntry("direct", "ACME").containsEntry("awaited", "ACME");
    }

    @Test
    void mdcIsSetInsideTheHandlerFromTheContext() {
        Map<String, String> seen = client().get()
                .uri("/context/mdc")
                .header("X-Request-Id", "req-42")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(MAP)
                .returnResult()
                .getResponseBody();
        assertThat(seen).containsEntry("before", "req-42").containsEntry("after", "req-42");
    }

    @Test
    void handlerLogLineCarriesTheRequestsMdcKey() {
        Logger logger = (Logger) LoggerFactory.getLogger(ContextController.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            client().get()
                    .uri("/context/mdc")
                    .header("X-Request-Id", "req-log-7")
                    .exchange()
                    .expectStatus()
                    .isOk();
        } finally {
            logger.detachAppender(appender);
        }
        assertThat(appender.list)
                .filteredOn(e -> e.getFormattedMessage().equals("coroutine handler log line"))
                .singleElement()
                .satisfies(e -> assertThat(e.getMDCPropertyMap()).containsEntry(MdcWebFilter.KEY, "req-log-7"));
    }

    @Test
    void coroutineFilterMayEndTheRequestWithoutTheChain() {
        client().get()
                .uri("/orders/1")
                .header("X-Tenant", "forbidden")
                .exchange()
                .expectStatus()
                .isForbidden();
        int before = orders.voidCalls.get();
        client().post()
                .uri("/orders/touch")
                .header("X-Tenant", "forbidden")
                .exchange()
                .expectStatus()
                .isForbidden();
        assertThat(orders.voidCalls.get()).isEqualTo(before);
    }

    @Test
    void functionalEndpointRunsAsACoroutineNamedAfterItsRoute() {
        Order order = client().get()
                .uri("/fn/orders/4")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Order.class)
                .returnResult()
                .getResponseBody();
        assertThat(order.item()).isEqualTo("lamp");
        assertThat(order.thread()).matches("test-GET /fn/orders/\\{id}-\\d+");
    }

    @Test
    void functionalEndpointAwaitsTheRequestBody() {
        Order created = client().post()
                .uri("/fn/orders")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(new Order(8, "desk", "client"))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(Order.class)
                .returnResult()
                .getResponseBody();
        assertThat(created.item()).isEqualTo("desk");
        assertThat(created.thread()).startsWith("test-createOrder-");
    }

    @Test
    void functionalEndpointErrorIsMappedAsAMonoErrorWouldBe() {
        client().get().uri("/fn/missing/3").exchange().expectStatus().isNotFound();
    }

    @Test
    void functionalEndpointSeesTheFiltersContext() {
        client().get()
                .uri("/fn/tenant")
                .header("X-Tenant", "zeta")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .isEqualTo("ZETA");
    }

    @Test
    void initBinderAndModelAttributeMethodsApplyToCoroutineHandlers() {
        client().get()
                .uri("/binding/sku/abc-1")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(MAP)
                .isEqualTo(Map.of("sku", "ABC-1", "region", "eu-west"));
    }

    @Test
    void failingModelAttributeMethodIsAnsweredByTheAdviceAndTheHandlerNeverRuns(
            @Autowired FailingModelController controller) {
        client().get()
                .uri("/model/account?account=acme")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .isEqualTo("acme");
        int calls = controller.calls.get();
        client().get()
                .uri("/model/account?account=bad")
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
                .expectBody()
                .jsonPath("$.error")
                .isEqualTo("no such account");
        assertThat(controller.calls.get()).isEqualTo(calls);
    }

    @Test
    void validRequestBodyIsValidatedAsForAReactiveHandler() {
        client().post()
                .uri("/binding/line")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("item", "pen", "quantity", 2))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.quantity")
                .isEqualTo(2);
        var fromCoroutine = client().post()
                .uri("/binding/line")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("item", "", "quantity", 0))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody(String.class)
                .returnResult();
        var fromMono = client().post()
                .uri("/binding/line-mono")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("item", "", "quantity", 0))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody(String.class)
                .returnResult();
        assertThat(errorsOf(fromCoroutine.getResponseBody())).isEqualTo(errorsOf(fromMono.getResponseBody()));
    }

    @Test
    void methodValidationOfParametersAppliesAsForAReactiveHandler() {
        client().get()
                .uri("/binding/quantity?quantity=3")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Integer.class)
                .isEqualTo(3);
        client().get()
                .uri("/binding/quantity?quantity=0")
                .exchange()
                .expectStatus()
                .isBadRequest();
        client().get()
                .uri("/binding/quantity-mono?quantity=0")
                .exchange()
                .expectStatus()
                .isBadRequest();
    }

    Flux<Order> ndjsonOrders(String uri) {
        return client().get()
                .uri(uri)
                .accept(MediaType.APPLICATION_NDJSON)
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(Order.class)
                .getResponseBody();
    }

    /** The error body without what differs by design: the path and the timestamp. */
    private static String errorsOf(String body) {
        return body.replaceAll("\"(path|timestamp|requestId|instance)\":\"[^\"]*\"", "");
    }

    private void assertSameResponse(String coroutine, String mono, HttpStatus status, String header) {
        var fromCoroutine = client().get()
                .uri(coroutine)
                .exchange()
                .expectStatus()
                .isEqualTo(status)
                .expectBody(String.class)
                .returnResult();
        var fromMono = client().get()
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
