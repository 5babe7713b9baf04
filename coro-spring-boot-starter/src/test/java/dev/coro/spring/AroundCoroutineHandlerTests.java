package dev.coro.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.ResponseCookie;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/** What Spring puts around a handler, seen from coroutine handlers over a real port: here the WebFlux session. */
@SpringBootTest(
        classes = TestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "coro.scheduler.name-prefix=test-")
class AroundCoroutineHandlerTests {

    private static final ParameterizedTypeReference<Map<String, String>> MAP = new ParameterizedTypeReference<>() {};

    @LocalServerPort
    int port;

    WebTestClient client;

    @BeforeEach
    void bind() {
        client = WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(20))
                .build();
    }

    @Test
    void sessionAttributeSetInACoroutineHandlerIsReadBackByTheNextRequest() {
        EntityExchangeResult<Map<String, String>> put = client.post()
                .uri("/session/cart?item=lamp")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(MAP)
                .returnResult();
        ResponseCookie cookie = put.getResponseCookies().getFirst("SESSION");
        assertThat(cookie).as("the session was saved and its cookie sent").isNotNull();
        Map<String, String> got = client.get()
                .uri("/session/cart")
                .cookie(cookie.getName(), cookie.getValue())
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(MAP)
                .returnResult()
                .getResponseBody();
        assertThat(got)
                .containsEntry("item", "lamp")
                .containsEntry("session", put.getResponseBody().get("session"));
    }

    @Test
    void aNewClientGetsNoOtherClientsSession() {
        client.post().uri("/session/cart?item=lamp").exchange().expectStatus().isOk();
        client.get()
                .uri("/session/cart")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(MAP)
                .value(body -> assertThat(body).containsEntry("item", "null"));
    }
}
