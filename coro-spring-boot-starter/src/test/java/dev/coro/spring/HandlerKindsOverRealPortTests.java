package dev.coro.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.coro.CoroScheduler;
import java.net.Socket;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
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
        assertDisconnectCancels(path, slow.probe);
    }

    @Test
    void clientDisconnectCancelsACoroutineFilterAtItsAwaitAndRunsFinally(@Autowired SlowWebFilter filter)
            throws Exception {
        assertDisconnectCancels("/filter/slow", filter.probe);
        assertThat(filter.probe.thread).startsWith("test-SlowWebFilter-");
    }

    private void assertDisconnectCancels(String path, CancellationProbe probe) throws Exception {
        probe.reset();
        long cancelledBefore = scheduler.cancelledCount();
        try (Socket socket = CancellationProbe.get(port, path)) {
            assertThat(probe.started.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(probe.thread).startsWith("test-");
        }
        assertThat(probe.upstreamCancelled.await(10, TimeUnit.SECONDS))
                .as("the awaited Mono's subscription is cancelled")
                .isTrue();
        assertThat(probe.finallyRan.await(10, TimeUnit.SECONDS))
                .as("finally ran")
                .isTrue();
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(scheduler.cancelledCount()).isGreaterThan(cancelledBefore));
    }

    @Test
    void coroFluxDeliversEachElementBeforeTheGeneratorGoesOn() {
        orders.gate = new CompletableFuture<>();
        Iterator<Order> streamed =
                ndjsonOrders("/orders/gated-stream").toIterable(1).iterator();
        assertThat(streamed.next().id()).isEqualTo(1);
        assertThat(orders.gate)
                .as("the generator still waits after element 1, which the client already has")
                .isNotDone();
        orders.gate.complete(null);
        assertThat(streamed.next().id()).isEqualTo(2);
        assertThat(streamed.hasNext()).isFalse();
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
