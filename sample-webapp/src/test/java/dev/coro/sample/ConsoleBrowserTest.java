package dev.coro.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The page's live console and load lab in a real headless Chromium: a lab run completes and its charts show points,
 * the handlers' code is shown side by side, and cancel stops a run and the live coroutine count returns to 0.
 * Skipped with a message without Chromium, unless {@code CI=true}.
 */
@ShopTest
class ConsoleBrowserTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    // Polled from the start, while the page may still be loading: missing values read as null.
    private static final String READ_PAGE = """
            JSON.stringify({
              live: document.body?.dataset.liveActive ?? null,
              state: document.body?.dataset.labState ?? null,
              run: document.body?.dataset.labRun ?? null,
              done: document.body?.dataset.labDone ?? null,
              errors: document.body?.dataset.labErrors ?? null,
              points: document.body?.dataset.labPoints ?? null,
              inFlightPoints: document.getElementById('chart-inflight')?.dataset.points ?? null,
              latencyPoints: document.getElementById('chart-latency')?.dataset.points ?? null,
              coroCode: document.getElementById('code-coro')?.textContent ?? '',
              callbackCode: document.getElementById('code-callback')?.textContent ?? '',
              status: document.getElementById('lab-status')?.textContent ?? null
            })""";

    @LocalServerPort
    int port;

    @Test
    void labRunCompletesWithPlottedPointsAndCancelEndsTheServerCoroutines() throws Exception {
        Path binary = chromium();
        // The callback order stream: the page's own stream is then no coroutine, and the live count can reach 0.
        String url = "http://127.0.0.1:" + port + "/?variant=callback";
        try (HeadlessChromium browser = new HeadlessChromium(binary, url)) {
            awaitPage(
                    browser,
                    "the live console and the code",
                    state -> state.path("live").isString()
                            && state.path("coroCode").asString().contains("await(orders.findById(id))"));

            // The timer endpoint: no downstream call whose timeout a loaded machine could hit.
            browser.evaluate(start("coro", "delay", 200, 50, 100));
            JsonNode finished = awaitPage(
                    browser,
                    "the run to finish",
                    state -> "finished".equals(state.path("state").asString()));
            assertThat(finished.path("done").asString())
                    .as("answered; the status line: %s", finished.path("status"))
                    .isEqualTo("200");
            assertThat(finished.path("errors").asString()).isEqualTo("0");
            assertThat(Integer.parseInt(finished.path("points").asString())).isGreaterThanOrEqualTo(2);
            assertThat(Integer.parseInt(finished.path("inFlightPoints").asString()))
                    .isGreaterThanOrEqualTo(2);
            assertThat(Integer.parseInt(finished.path("latencyPoints").asString()))
                    .isGreaterThanOrEqualTo(4);
            assertThat(finished.path("callbackCode").asString()).contains("Mono.delay(");
            assertThat(finished.path("coroCode").asString()).contains("await(Mono.delay(");
            String firstRun = finished.path("run").asString();

            browser.evaluate(start("coro", "delay", 40, 40, 60_000));
            awaitPage(
                    browser,
                    "40 handler coroutines awaiting the timer",
                    state -> !firstRun.equals(state.path("run").asString())
                            && "running".equals(state.path("state").asString())
                            && number(state, "live") >= 40);
            browser.evaluate("document.getElementById('lab-cancel').click(), 'clicked'");
            JsonNode cancelled = awaitPage(
                    browser,
                    "the run to be cancelled and the live count to return to 0",
                    state -> "cancelled".equals(state.path("state").asString()) && number(state, "live") == 0);
            assertThat(cancelled.path("done").asString()).isEqualTo("0");
            assertThat(cancelled.path("status").asString()).endsWith("cancelled");
        }
    }

    private static String start(String variant, String endpoint, int requests, int concurrency, long delay) {
        return """
                (() => {
                  document.getElementById('lab-variant').value = '%s';
                  document.getElementById('lab-endpoint').value = '%s';
                  document.getElementById('lab-requests').value = '%d';
                  document.getElementById('lab-concurrency').value = '%d';
                  document.getElementById('lab-delay').value = '%d';
                  document.getElementById('lab-start').click();
                  return 'started';
                })()""".formatted(variant, endpoint, requests, concurrency, delay);
    }

    private static long number(JsonNode state, String field) {
        String value = state.path(field).asString();
        return value == null || value.isEmpty() ? -1 : Long.parseLong(value);
    }

    private JsonNode awaitPage(HeadlessChromium browser, String what, Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode state = null;
        while (System.nanoTime() < deadline) {
            JsonNode value = browser.evaluate(READ_PAGE);
            if (value.isString()) {
                state = JSON.readTree(value.asString());
                if (done.test(state)) return state;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("waited 30 s for " + what + "; last seen: " + state);
    }

    private static Path chromium() {
        var binary = HeadlessChromium.find();
        if (binary.isEmpty()) {
            String message = "no chromium on the PATH (nor $CHROMIUM_BIN): install it with "
                    + "`sample-webapp/scripts/chromium.sh` (Debian package chromium)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException("CI=true requires the browser test, but " + message);
            }
            System.err.println("[WARNING] SKIPPED browser test: " + message);
            Assumptions.abort("SKIPPED browser test: " + message);
        }
        return binary.get();
    }
}
