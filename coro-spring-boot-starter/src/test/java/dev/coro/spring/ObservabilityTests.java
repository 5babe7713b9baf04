package dev.coro.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.coro.Coro;
import dev.coro.CoroScheduler;
import dev.coro.CoroutineState;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Sinks;

/** The {@code coroutines} actuator endpoint and the Micrometer meters, over a real port. */
@Import(ObservabilityTests.Gate.class)
@SpringBootTest(
        classes = TestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"coro.scheduler.name-prefix=test-", ObservabilityTests.EXPOSE})
class ObservabilityTests {

    static final String EXPOSE = "management.endpoints.web.exposure.include=coroutines,metrics";

    @LocalServerPort
    int port;

    @Autowired
    SlowController slow;

    @Autowired
    MeterRegistry meters;

    @Autowired
    CoroScheduler scheduler;

    @Autowired
    Gate gate;

    WebTestClient client;

    @BeforeEach
    void bind() {
        client = WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(20))
                .build();
    }

    @Test
    @SuppressWarnings("unchecked")
    void endpointListsALiveCoroutineWithNameAgeStateAwaitedPublisherAndStack() throws Exception {
        slow.probe.reset();
        try (Socket socket = CancellationProbe.get(port, "/slow")) {
            assertThat(slow.probe.started.await(10, TimeUnit.SECONDS)).isTrue();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Map<String, Object> dump = client.get()
                        .uri("/actuator/coroutines")
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
                        .returnResult()
                        .getResponseBody();
                assertThat(dump).containsEntry("namePrefix", "test-");
                assertThat((Integer) dump.get("active")).isPositive();
                List<Map<String, Object>> coroutines = (List<Map<String, Object>>) dump.get("coroutines");
                assertThat(coroutines)
                        .filteredOn(c -> ((String) c.get("name")).startsWith("test-SlowController.slow-"))
                        .singleElement()
                        .satisfies(c -> {
                            assertThat(c.get("state")).isEqualTo("SUSPENDED");
                            assertThat((String) c.get("awaiting")).isNotBlank();
                            assertThat((String) c.get("age")).startsWith("PT");
                            assertThat((List<String>) c.get("stack"))
                                    .anySatisfy(frame -> assertThat(frame).contains("SlowController.waitForever"));
                        });
            });
        }
        assertThat(slow.probe.finallyRan.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void metersFollowTheSchedulersCounters() {
        double started = meters.get("coro.coroutines.started").functionCounter().count();
        double completed = meters.get("coro.coroutines.finished")
                .tag("outcome", "completed")
                .functionCounter()
                .count();
        double failed = meters.get("coro.coroutines.finished")
                .tag("outcome", "failed")
                .functionCounter()
                .count();
        double suspended =
                meters.get("coro.coroutines.suspended").functionCounter().count();

        client.get().uri("/orders/1").exchange().expectStatus().isOk();
        client.get().uri("/orders/missing/1").exchange().expectStatus().isNotFound();
        // Suspended time is counted from the park: a delay may fire before the coroutine parks (a loaded machine) and
        // add nothing. The gate opens only once the coroutine is seen SUSPENDED, so its await is counted, always.
        gate.close();
        CompletableFuture<Void> gated = CompletableFuture.runAsync(
                () -> client.get().uri("/gate").exchange().expectStatus().isOk());
        await().atMost(Duration.ofSeconds(20))
                .until(() -> scheduler.coroutines().stream()
                        .anyMatch(c -> c.name().startsWith("test-ObservabilityTests.Gate.pass-")
                                && c.state() == CoroutineState.SUSPENDED));
        gate.open();
        gated.join();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(meters.get("coro.coroutines.started").functionCounter().count())
                    .isGreaterThanOrEqualTo(started + 2);
            assertThat(meters.get("coro.coroutines.finished")
                            .tag("outcome", "completed")
                            .functionCounter()
                            .count())
                    .isGreaterThanOrEqualTo(completed + 1);
            assertThat(meters.get("coro.coroutines.finished")
                            .tag("outcome", "failed")
                            .functionCounter()
                            .count())
                    .isGreaterThanOrEqualTo(failed + 1);
            assertThat(meters.get("coro.coroutines.suspended").functionCounter().count())
                    .isGreaterThan(suspended);
        });
        assertThat(meters.get("coro.coroutines.active").gauge().value()).isNotNegative();
        assertThat(meters.get("coro.coroutines.queued").gauge().value()).isZero();
        client.get()
                .uri("/actuator/metrics/coro.coroutines.started")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.measurements[0].value")
                .isNumber();
    }

    @Test
    void cancelledMeterCountsADisconnectAndTheActiveGaugeFallsBack() throws Exception {
        // Coroutines of earlier tests (disconnects among them) may still be ending.
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(activeGauge()).isZero());
        double cancelled = cancelledMeter();
        slow.probe.reset();
        try (Socket socket = CancellationProbe.get(port, "/slow")) {
            assertThat(slow.probe.started.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(activeGauge()).isEqualTo(1);
        }
        assertThat(slow.probe.finallyRan.await(10, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(cancelledMeter()).isEqualTo(cancelled + 1);
            assertThat(activeGauge()).isZero();
        });
    }

    private double activeGauge() {
        return meters.get("coro.coroutines.active").gauge().value();
    }

    private double cancelledMeter() {
        return meters.get("coro.coroutines.finished")
                .tag("outcome", "cancelled")
                .functionCounter()
                .count();
    }

    /** A handler that awaits until the test opens the gate. */
    @RestController
    static class Gate {

        private volatile Sinks.One<String> gate = Sinks.one();

        void close() {
            gate = Sinks.one();
        }

        void open() {
            gate.tryEmitValue("open").orThrow();
        }

        @Coroutine
        @GetMapping("/gate")
        String pass() {
            return Coro.await(gate.asMono());
        }
    }
}
