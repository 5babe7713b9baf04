package dev.coro.benchmarks.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The benchmark compares four handler styles only if they do the same work: every variant answers every request of
 * the run script with the same status and the same body. No load, no timing: that is benchmarks/http/issue12.sh.
 */
// Generous timeouts: a cold app on a loaded 2-core machine may take seconds for its first answers.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "bench.downstream-timeout=60s")
class VariantsAnswerAlikeTest {

    private static final List<String> VARIANTS = List.of("callback", "coro", "kotlin", "blocking");

    @LocalServerPort
    int port;

    @Test
    void twoCallsAnswerAlike() {
        assertThat(answers("/two-calls/5")).containsOnly("{\"id\":5,\"first\":155,\"second\":162}");
    }

    @Test
    void orderReadsAnswerAlike() {
        // Order 7 of the sample's data.sql: two queries, a customer, and the simulated shipping quote.
        List<String> answers = answers("/orders/7");
        assertThat(answers.getFirst()).contains("\"id\":7", "\"customer\":{", "\"shippingQuote\":{\"carrier\":");
        assertThat(answers).containsOnly(answers.getFirst());
    }

    @Test
    void missingOrdersAre404Everywhere() {
        for (String variant : VARIANTS) {
            client().get()
                    .uri("/api/" + variant + "/orders/999999")
                    .exchange()
                    .expectStatus()
                    .isNotFound();
        }
    }

    private List<String> answers(String path) {
        return VARIANTS.stream()
                .map(variant -> client().get()
                        .uri("/api/" + variant + path)
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody(String.class)
                        .returnResult()
                        .getResponseBody())
                .toList();
    }

    private WebTestClient client() {
        return WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofMinutes(2))
                .build();
    }
}
