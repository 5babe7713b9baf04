package dev.coro.sample.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coro.CoroScheduler;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The lab's HTTP API: a run completes and counts, one run at a time, bounds, cancel, handler sources. */
// A cold app on a loaded machine may take over the usual 2 s for a downstream call: these tests count, not time.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "shop.downstream.timeout=30s")
class LabApiTests {

    @LocalServerPort
    int port;

    @Autowired
    LabRuns runs;

    @Autowired
    CoroScheduler scheduler;

    private WebTestClient client() {
        return WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .build();
    }

    private WebTestClient.ResponseSpec start(
            String variant, String endpoint, int requests, int concurrency, long delay) {
        return client().post()
                .uri("/lab/runs")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of(
                        "variant", variant,
                        "endpoint", endpoint,
                        "requests", requests,
                        "concurrency", concurrency,
                        "delayMillis", delay))
                .exchange();
    }

    @Test
    void aRunOfEachVariantAnswersEveryRequest() throws Exception {
        for (String variant : new String[] {"coro", "callback", "blocking"}) {
            start(variant, "orders", 60, 10, 0).expectStatus().isAccepted();
            LabProgress last = awaitFinished();
            assertThat(last.variant()).isEqualTo(variant);
            assertThat(last.done())
                    .as("answered; failures: %s", last.errorCauses())
                    .isEqualTo(60);
            assertThat(last.errors()).isZero();
            assertThat(last.cancelled()).isFalse();
        }
    }

    @Test
    void aSecondRunIsRefusedWhileOneGoesAndCancelEndsItsServerCoroutines() throws Exception {
        start("coro", "delay", 30, 30, 60_000).expectStatus().isAccepted();
        awaitTrue(() -> scheduler.activeCount() >= 30, "30 handler coroutines in flight");

        start("callback", "orders", 10, 1, 0).expectStatus().isEqualTo(409);
        client().delete().uri("/lab/runs/current").exchange().expectStatus().isNoContent();

        LabProgress last = awaitFinished();
        assertThat(last.cancelled()).isTrue();
        assertThat(last.done()).isZero();
        awaitTrue(() -> scheduler.activeCount() == 0, "the handler coroutines to be cancelled");
        client().delete().uri("/lab/runs/current").exchange().expectStatus().isNotFound();
    }

    @Test
    void runsOutsideTheBoundsAreRefusedWithTheReason() {
        start("coro", "orders", 1_000_000, 10, 0)
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.detail")
                .value(detail -> assertThat((String) detail).contains("shop.lab.max-requests"));
        start("coro", "orders", 10, 100_000, 0).expectStatus().isBadRequest();
        start("kotlin", "orders", 10, 1, 0).expectStatus().isBadRequest();
        start("coro", "delay", 10, 1, 3_600_000).expectStatus().isBadRequest();
    }

    @Test
    void sourcesShowTheExercisedMethodOfEachVariant() {
        client().get()
                .uri("/lab/sources?endpoint=orders")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.coro")
                .value(code -> assertThat((String) code)
                        .startsWith("@GetMapping(\"/orders/{id}\")")
                        .contains("var order = await(orders.findById(id));")
                        .endsWith("}\n")
                        .doesNotContain("@PostMapping"))
                .jsonPath("$.callback")
                .value(code ->
                        assertThat((String) code).contains(".switchIfEmpty(").doesNotContain("@PostMapping"))
                .jsonPath("$.blocking")
                .value(code -> assertThat((String) code).contains(".block();"));
        client().get()
                .uri("/lab/sources?endpoint=delay")
                .exchange()
                .expectBody()
                .jsonPath("$.coro")
                .value(code -> assertThat((String) code).contains("await(Mono.delay("));
    }

    private LabProgress awaitFinished() throws InterruptedException {
        awaitTrue(
                () -> {
                    LabRuns.Run run = runs.current();
                    return run != null && run.latest != null && run.latest.finished();
                },
                "the run to finish");
        return runs.current().latest;
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("waited 30 s for " + what);
            Thread.sleep(20);
        }
    }
}
