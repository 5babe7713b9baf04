package dev.coro.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Drives every kind of coroutine handler over a real port with BlockHound watching Netty's event loops and Reactor's
 * non-blocking schedulers: no blocking call may happen on them.
 */
class AllHandlerKindsBlockHoundTest {

    private static final List<String> blocked = new CopyOnWriteArrayList<>();

    static {
        BlockHound.Builder builder = BlockHound.builder();
        ServiceLoader.load(BlockHoundIntegration.class).forEach(builder::with);
        builder.blockingMethodCallback(
                        method -> blocked.add(Thread.currentThread().getName() + ": " + method + " at " + caller()))
                .install();
    }

    private static ConfigurableApplicationContext context;

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
    }

    @Test
    void noHandlerKindBlocksAnEventLoop() {
        SpringApplication application = new SpringApplication(TestApplication.class);
        application.setWebApplicationType(WebApplicationType.REACTIVE);
        context = application.run("--server.port=0", "--coro.scheduler.name-prefix=test-");
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        WebTestClient client = WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(20))
                .build();

        // The first round loads classes (reading jars is blocking I/O, wherever it happens); the second must be clean.
        driveEveryKind(client);
        blocked.clear();
        driveEveryKind(client);

        assertThat(blocked).as("blocking calls on non-blocking threads").isEmpty();

        // The control: a plain handler that sleeps on the event loop is caught.
        client.get().uri("/orders/sleepy").exchange().expectStatus().isOk();
        assertThat(blocked).anySatisfy(call -> assertThat(call).contains("java.lang.Thread.sleep"));
    }

    private static void driveEveryKind(WebTestClient client) {
        client.get().uri("/orders/1").exchange().expectStatus().isOk();
        client.post()
                .uri("/orders")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(new Order(2, "pen", "client"))
                .exchange()
                .expectStatus()
                .isCreated();
        client.get().uri("/orders/3/entity").exchange().expectStatus().isAccepted();
        client.post().uri("/orders/touch").exchange().expectStatus().isNoContent();
        client.get().uri("/orders/none").exchange().expectStatus().isOk();
        client.get()
                .uri("/orders/stream")
                .accept(MediaType.APPLICATION_NDJSON)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .value(body -> assertThat(body).contains("item-3"));
        client.get()
                .uri("/orders/events")
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .value(body -> assertThat(body).contains("data:b"));
        client.get().uri("/orders/missing/4").exchange().expectStatus().isNotFound();
        client.get().uri("/orders/invalid").exchange().expectStatus().isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
        client.get().uri("/whole/plain").exchange().expectStatus().isOk();
        client.get()
                .uri("/secure/me")
                .headers(h -> h.setBasicAuth("alice", "secret"))
                .exchange()
                .expectStatus()
                .isOk();
        client.get()
                .uri("/context/tenant")
                .header("X-Tenant", "acme")
                .exchange()
                .expectStatus()
                .isOk();
        client.get()
                .uri("/context/mdc")
                .header("X-Request-Id", "r1")
                .exchange()
                .expectStatus()
                .isOk();
        client.get().uri("/fn/orders/5").exchange().expectStatus().isOk();
        client.post()
                .uri("/fn/orders")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(new Order(6, "desk", "client"))
                .exchange()
                .expectStatus()
                .isCreated();
        client.get().uri("/fn/missing/7").exchange().expectStatus().isNotFound();
        client.get()
                .uri("/fn/tenant")
                .header("X-Tenant", "zeta")
                .exchange()
                .expectStatus()
                .isOk();
    }

    private static String caller() {
        return StackWalker.getInstance()
                .walk(frames -> frames.skip(3)
                        .limit(12)
                        .map(f -> f.getClassName() + "." + f.getMethodName())
                        .toList())
                .toString();
    }
}
