package dev.coro.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coro.spring.Coroutine;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code @Cacheable} on a plain-returning method called in a coroutine takes Spring's synchronous cache path: the
 * first call runs the method (and its await), later calls are hits that skip it.
 */
@SpringBootTest(
        classes = AopTestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = AopTestApplication.SCHEMA)
class CoroCachingTests {

    @LocalServerPort
    int port;

    @Autowired
    PricingService pricing;

    @Test
    void aCacheHitSkipsTheMethodAndItsAwaits() {
        WebTestClient client = WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(20))
                .build();
        int before = pricing.computed();
        String first = get(client, "/prices/pen");
        assertThat(pricing.computed()).isEqualTo(before + 1);
        assertThat(get(client, "/prices/pen")).isEqualTo(first);
        assertThat(pricing.computed()).isEqualTo(before + 1);
        assertThat(get(client, "/prices/ink")).isNotEqualTo(first);
        assertThat(pricing.computed()).isEqualTo(before + 2);
    }

    private static String get(WebTestClient client, String path) {
        return client.get()
                .uri(path)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
    }

    @Coroutine
    @RestController
    static class PricingController {

        private final PricingService pricing;

        PricingController(PricingService pricing) {
            this.pricing = pricing;
        }

        @GetMapping("/prices/{sku}")
        String price(@PathVariable String sku) {
            return pricing.price(sku);
        }
    }
}
