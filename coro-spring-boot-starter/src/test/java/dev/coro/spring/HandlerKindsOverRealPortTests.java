package dev.coro.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.coro.CoroScheduler;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The handler contract over a real Netty port, plus what only a real connection shows: disconnects, event loops. */
@SpringBootTest(
        classes = TestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"coro.scheduler.name-prefix=test-", ObservabilityTests.EXPOSE})
@ExtendWith(OutputCaptureExtension.class)
class HandlerKindsOverRealPortTests extends HandlerKindsContract {

    @LocalServerPort
    int port;

    @Autowired
    SlowController slow;

    @Autowired
    CoroScheduler scheduler;

    WebTestClient client;

    @BeforeEach
    void bind() {
        client = WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(20))
                .build();
    }

    @Override
    WebTestClient client() {
        return client;
    }

    @ParameterizedTest
    @ValueSource(strings = {"/slow", "/fn/slow", "/slow", "/fn/slow", "/slow", "/fn/slow"})
    void clientDisconnectCancelsTheCoroutineAtItsAwaitAndRunsFinally(String path) throws Exception {
        slow.probe.reset();
        long cancelledBefore = scheduler.cancelledCount();
        try (Socket socket = new Socket("localhost", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(slow.probe.started.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(slow.probe.thread).startsWith("test-");
        }
        assertThat(slow.probe.upstreamCancelled.await(10, TimeUnit.SECONDS))
                .as("the awaited Mono's subscription is cancelled")
                .isTrue();
        assertThat(slow.probe.finallyRan.await(10, TimeUnit.SECONDS))
                .as("finally ran")
                .isTrue();
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(scheduler.cancelledCount()).isGreaterThan(cancelledBefore));
    }

    @Test
    void disconnectWhileTheBodyIsArrivingCancelsTheCoroutineBeforeTheMethodRuns() throws Exception {
        long endedBefore = scheduler.cancelledCount() + scheduler.failedCount();
        int createsBefore = orders.creates.get();
        try (Socket socket = new Socket("localhost", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /orders HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                            + "Content-Length: 200\r\n\r\n{\"id\":1,")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> scheduler.coroutines().stream()
                            .anyMatch(c -> c.name().startsWith("test-OrderController.create-")));
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(scheduler.coroutines()).noneMatch(c -> c.name().startsWith("test-OrderController.create-"));
            // Netty reports the closed connection twice, racing: as a cancel of the response and as an error of the
            // request body still being read. Whichever reaches the coroutine first ends it; either way it ends.
            assertThat(scheduler.cancelledCount() + scheduler.failedCount()).isGreaterThan(endedBefore);
        });
        assertThat(orders.creates.get()).as("the method never ran").isEqualTo(createsBefore);
    }

    @Test
    void awaitInAHandlerThatIsNotACoroutineFailsWith500AndTheCoreMessageIsLogged(CapturedOutput output) {
        client.get().uri("/orders/not-a-coroutine").exchange().expectStatus().is5xxServerError();
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(output.getAll())
                        .contains("Coro.await called outside a coroutine on non-blocking thread")
                        .contains("annotate the WebFlux handler with @Coroutine"));
    }
}
