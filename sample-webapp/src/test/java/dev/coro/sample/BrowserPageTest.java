package dev.coro.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * The page at {@code /} in a real headless Chromium: it shows the streamed orders, and an order placed while it is
 * open appears without a reload. Skipped with a message without Chromium, unless {@code CI=true}.
 */
@ShopTest
class BrowserPageTest {

    // Polled from the start, while the page may still be loading: missing elements read as null.
    private static final String READ_PAGE = """
            JSON.stringify({
              status: document.getElementById('status')?.textContent ?? null,
              source: document.getElementById('source')?.textContent ?? null,
              orders: [...document.querySelectorAll('#orders li')].map(li => li.textContent)
            })""";

    @LocalServerPort
    int port;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"coro", "callback"})
    void pageShowsTheOrderStreamLive(String variant) throws Exception {
        Path binary = chromium();
        String url = "http://127.0.0.1:" + port + "/?variant=" + variant;
        try (HeadlessChromium browser = new HeadlessChromium(binary, url)) {
            JsonNode page = awaitPage(browser, state -> state.path("orders").size() >= 3);
            List<String> orders = HeadlessChromium.strings(page.path("orders"));
            assertThat(page.path("source").asString()).isEqualTo("/api/" + variant + "/orders/stream?follow=true");
            assertThat(orders.get(0)).startsWith("#1 Edsger Dijkstra: 35.20");
            assertThat(orders.get(1)).startsWith("#2 Ada Lovelace: ");
            assertThat(orders.get(2)).startsWith("#3 ");

            long placed = placeOrder();
            JsonNode after = awaitPage(
                    browser,
                    state -> HeadlessChromium.strings(state.path("orders")).stream()
                            .anyMatch(text -> text.startsWith("#" + placed + " ")));
            assertThat(after.path("status").asString()).isEqualTo("open");
        }
    }

    private JsonNode awaitPage(HeadlessChromium browser, java.util.function.Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonNode state = null;
        while (System.nanoTime() < deadline) {
            JsonNode value = browser.evaluate(READ_PAGE);
            if (value.isString()) {
                state = tools.jackson.databind.json.JsonMapper.builder().build().readTree(value.asString());
                if (done.test(state)) return state;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the page did not reach the expected state within 20 s; last seen: " + state);
    }

    private long placeOrder() {
        JsonNode view = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                // Not the 5 s default: a first order on a loaded 2-core machine (JIT, H2 warm-up) can take longer.
                .responseTimeout(Duration.ofSeconds(30))
                .build()
                .post()
                .uri("/api/coro/orders")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("customerId", 4, "items", List.of(Map.of("productId", 7, "quantity", 1))))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        assertThat(view).isNotNull();
        return view.path("id").asLong();
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
