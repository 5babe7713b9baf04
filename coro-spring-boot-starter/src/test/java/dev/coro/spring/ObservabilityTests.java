package dev.coro.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The {@code coroutines} actuator endpoint and the Micrometer meters, over a real port. */
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
            // /orders/1 awaits a 5 ms delay. The clock runs from the park, which comes after the subscription that
            // starts the timer: on a cold first request that gap is milliseconds, so only the increase is asserted.
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
}
