package dev.coro.spring;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Micrometer Tracing with a real bridge, configured by Spring Boot's own tracing auto-configuration, over a real port:
 * the client starts a W3C trace, and every log line of the coroutine code carries that trace in its MDC (after each
 * await, in {@code Coro.scope} forks, in a {@code Coro.flux} generator), and an outgoing WebClient call carries a
 * {@code traceparent} of the same trace. One subclass per bridge: {@link TracingTests} (Brave),
 * {@link OpenTelemetryTracingTests}.
 */
abstract class TracingContract {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

    private static final String PARENT_SPAN_ID = "00f067aa0ba902b7";

    @LocalServerPort
    int port;

    WebTestClient client;

    final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeEach
    void bind() {
        client = WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(20))
                .defaultHeader("traceparent", "00-" + TRACE_ID + "-" + PARENT_SPAN_ID + "-01")
                .build();
        logs.start();
        logger().addAppender(logs);
    }

    @AfterEach
    void detach() {
        logger().detachAppender(logs);
    }

    private static Logger logger() {
        return (Logger) TracingController.log;
    }

    @Test
    void everyLogLineOfACoroutineHandlerCarriesTheRequestsTraceAndWebClientPropagatesIt() {
        Map<String, String> echoed = client.get()
                .uri("/trace/handler?port=" + port)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(new ParameterizedTypeReference<Map<String, String>>() {})
                .returnResult()
                .getResponseBody();
        assertThat(messages())
                .containsExactlyInAnyOrder(
                        "trace: start",
                        "trace: after delay",
                        "trace: after webclient",
                        "trace: fork 1",
                        "trace: fork 2",
                        "trace: end");
        assertEveryLineCarriesTheTrace();
        String serverSpan = logs.list.getFirst().getMDCPropertyMap().get("spanId");
        assertThat(logs.list)
                .filteredOn(e -> !e.getFormattedMessage().startsWith("trace: fork"))
                .allSatisfy(e -> assertThat(e.getMDCPropertyMap()).containsEntry("spanId", serverSpan));
        // W3C: 00-<trace id>-<the client span's id>-<flags>; the client span is a child of the server's.
        assertThat(echoed).isNotNull();
        assertThat(echoed.get("traceparent")).startsWith("00-" + TRACE_ID + "-").doesNotContain(serverSpan);
    }

    @Test
    void everyLogLineOfACoroFluxStreamCarriesTheRequestsTrace() {
        List<Integer> items = client.get()
                .uri("/trace/flux")
                .accept(MediaType.APPLICATION_NDJSON)
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(Integer.class)
                .getResponseBody()
                .collectList()
                .block(Duration.ofSeconds(20));
        assertThat(items).containsExactly(0, 1, 2);
        assertThat(messages()).containsExactly("trace: flux 0", "trace: flux 1", "trace: flux 2");
        assertEveryLineCarriesTheTrace();
    }

    private List<String> messages() {
        return logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    private void assertEveryLineCarriesTheTrace() {
        assertThat(logs.list).allSatisfy(e -> {
            assertThat(e.getMDCPropertyMap()).as(e.getFormattedMessage()).containsEntry("traceId", TRACE_ID);
            assertThat(e.getMDCPropertyMap().get("spanId"))
                    .as(e.getFormattedMessage())
                    .isNotNull()
                    .isNotEqualTo(PARENT_SPAN_ID);
        });
    }
}
