package dev.coro.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * {@code @PreAuthorize}, {@code @PostAuthorize} and {@code @Secured} with {@code @EnableReactiveMethodSecurity} on
 * {@code @Coroutine} handler methods and on plain-returning services they call, over a real port: 401 anonymous, 403
 * without the role, 200 with it. Before the starter adapted the advice, every one of these calls answered 500 ("must
 * return an instance of org.reactivestreams.Publisher ... or the function must be a Kotlin coroutine"), or for
 * {@code @Secured} 200 to everyone.
 */
@SpringBootTest(
        classes = AopTestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = AopTestApplication.SCHEMA)
class CoroMethodSecurityTests {

    @LocalServerPort
    int port;

    @Autowired
    GuardedController controller;

    WebTestClient client;

    @BeforeEach
    void bind() {
        client = WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(20))
                .build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/guarded/pre", "/guarded/service", "/guarded/secured", "/guarded/service/secured"})
    void anonymousGets401(String path) {
        client.get().uri(path).exchange().expectStatus().isUnauthorized();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/guarded/pre", "/guarded/service", "/guarded/secured", "/guarded/service/secured"})
    void aUserWithoutTheRoleGets403(String path) {
        client.get()
                .uri(path)
                .headers(h -> h.setBasicAuth("alice", "secret"))
                .exchange()
                .expectStatus()
                .isForbidden();
    }

    @Test
    void theRoleGets200WithTheBody() {
        expectBody("/guarded/pre", "handler secret");
        expectBody("/guarded/service", "service secret");
        expectBody("/guarded/secured", "secured handler secret");
        expectBody("/guarded/service/secured", "secured service secret");
    }

    @Test
    void aDeniedPreAuthorizeNeverRunsTheBody() {
        int before = controller.preAuthorizedBodies();
        client.get()
                .uri("/guarded/pre")
                .headers(h -> h.setBasicAuth("alice", "secret"))
                .exchange()
                .expectStatus()
                .isForbidden();
        client.get().uri("/guarded/pre").exchange().expectStatus().isUnauthorized();
        assertThat(controller.preAuthorizedBodies()).isEqualTo(before);
        expectBody("/guarded/pre", "handler secret");
        assertThat(controller.preAuthorizedBodies()).isEqualTo(before + 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/guarded/post/", "/guarded/service/post/"})
    void postAuthorizeSeesTheReturnValue(String path) {
        client.get()
                .uri(path + "alice")
                .headers(h -> h.setBasicAuth("alice", "secret"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.owner")
                .isEqualTo("alice");
        client.get()
                .uri(path + "root")
                .headers(h -> h.setBasicAuth("alice", "secret"))
                .exchange()
                .expectStatus()
                .isForbidden();
        client.get().uri(path + "alice").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void aReactiveHandlerIsStillSpringSecuritysOwn() {
        client.get()
                .uri("/guarded/mono")
                .headers(h -> h.setBasicAuth("alice", "secret"))
                .exchange()
                .expectStatus()
                .isForbidden();
        expectBody("/guarded/mono", "mono secret");
    }

    private void expectBody(String path, String body) {
        client.get()
                .uri(path)
                .headers(h -> h.setBasicAuth("root", "secret"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .isEqualTo(body);
    }
}
