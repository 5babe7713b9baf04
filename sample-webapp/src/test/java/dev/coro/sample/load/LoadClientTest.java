package dev.coro.sample.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.netty.http.HttpProtocol;

/**
 * {@link LoadClient} against a local {@link TestServer}: what the server sees is what counts.
 */
class LoadClientTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void sendsEveryRequestAndCountsTheAnswers() {
        try (var server = new TestServer(HttpProtocol.HTTP11, 0);
                var connections = LoadConnections.http11(16, List.of())) {
            server.open();
            var stats = new LoadStats();
            new LoadClient(connections.webClient())
                    .send(new LoadPlan(server.uri(), 200, 16), stats)
                    .block(TIMEOUT);

            LoadSnapshot last = stats.snapshot();
            assertThat(server.received).hasValue(200);
            assertThat(last.sent()).isEqualTo(200);
            assertThat(last.done()).isEqualTo(200);
            assertThat(last.errors()).isZero();
            assertThat(last.inFlight()).isZero();
            assertThat(last.finished()).isTrue();
            assertThat(stats.histogram().getTotalCount()).isEqualTo(200);
        }
    }

    @Test
    void boundedConcurrencyIsNeverExceededOnTheServer() throws Exception {
        try (var server = new TestServer(HttpProtocol.HTTP11, 0);
                var connections = LoadConnections.http11(50, List.of())) {
            var stats = new LoadStats();
            var run = new LoadClient(connections.webClient())
                    .send(new LoadPlan(server.uri(), 300, 7), stats)
                    .toFuture();

            server.awaitInFlight(7); // the bound is reached while the server holds every request...
            Thread.sleep(200); // ...and a request over the bound, had one been sent, would have arrived by now
            assertThat(server.received).hasValue(7);
            server.open();
            run.get(TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);

            assertThat(server.received).hasValue(300);
            assertThat(server.maxInFlight).hasValue(7);
            assertThat(stats.snapshot().maxInFlight()).isEqualTo(7);
            assertThat(stats.snapshot().done()).isEqualTo(300);
        }
    }

    @Test
    void unboundedSendsEveryRequestAtOnce() throws Exception {
        try (var server = new TestServer(HttpProtocol.HTTP11, 0);
                var connections = LoadConnections.http11(400, List.of(InetAddress.getByName("127.0.0.2")))) {
            var stats = new LoadStats();
            var run = new LoadClient(connections.webClient())
                    .send(new LoadPlan(server.uri(), 400, LoadPlan.UNBOUNDED), stats)
                    .toFuture();

            server.awaitInFlight(400); // held by the server: all 400 are in flight together
            server.open();
            run.get(TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);

            assertThat(stats.snapshot().done()).isEqualTo(400);
            assertThat(stats.snapshot().maxInFlight()).isEqualTo(400);
        }
    }

    @Test
    void http2MultiplexesEveryRequestOverOneConnection() throws Exception {
        try (var server = new TestServer(HttpProtocol.H2C, 0);
                var connections = LoadConnections.h2c(1)) {
            var stats = new LoadStats();
            var run = new LoadClient(connections.webClient())
                    .send(new LoadPlan(server.uri(), 300, LoadPlan.UNBOUNDED), stats)
                    .toFuture();
            server.awaitInFlight(300);
            server.open();
            run.get(TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);

            assertThat(stats.snapshot().done()).isEqualTo(300);
            assertThat(stats.snapshot().errors()).isZero();
        }
    }

    @Test
    void errorStatusesAreCountedAndTheRunGoesOn() {
        try (var server = new TestServer(HttpProtocol.HTTP11, 3);
                var connections = LoadConnections.http11(10, List.of())) {
            server.open();
            var stats = new LoadStats();
            new LoadClient(connections.webClient())
                    .send(new LoadPlan(server.uri(), 90, 10), stats)
                    .block(TIMEOUT);

            assertThat(stats.snapshot().errors()).isEqualTo(30);
            assertThat(stats.snapshot().done()).isEqualTo(60);
            assertThat(stats.histogram().getTotalCount()).isEqualTo(60);
        }
    }

    @Test
    void refusedConnectionsAreCountedAsErrors() throws Exception {
        int closedPort;
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        try (var connections = LoadConnections.http11(5, List.of())) {
            var stats = new LoadStats();
            new LoadClient(connections.webClient())
                    .send(new LoadPlan(URI.create("http://127.0.0.1:" + closedPort + "/"), 20, 5), stats)
                    .block(TIMEOUT);

            assertThat(stats.snapshot().errors()).isEqualTo(20);
            assertThat(stats.snapshot().done()).isZero();
        }
    }

    @Test
    void cancellingTheRunAbandonsTheRequestsInFlight() throws Exception {
        try (var server = new TestServer(HttpProtocol.HTTP11, 0);
                var connections = LoadConnections.http11(20, List.of())) {
            var stats = new LoadStats();
            Disposable run = new LoadClient(connections.webClient())
                    .send(new LoadPlan(server.uri(), 1000, 20), stats)
                    .subscribe();
            server.awaitInFlight(20);

            run.dispose();

            TestServer.awaitTrue(() -> server.abandoned.get() == 20, "20 requests abandoned: " + server.abandoned);
            TestServer.awaitTrue(() -> stats.snapshot().finished(), "the run to finish");
            assertThat(stats.snapshot().inFlight()).isZero();
            assertThat(stats.snapshot().sent()).isEqualTo(20);
            assertThat(stats.snapshot().errors()).isZero();
            assertThat(server.received).hasValue(20);
        }
    }

    @Test
    void summaryPrintsCountsAndAHistogram() {
        try (var server = new TestServer(HttpProtocol.HTTP11, 0);
                var connections = LoadConnections.http11(4, List.of())) {
            server.open();
            var stats = new LoadStats();
            new LoadClient(connections.webClient())
                    .send(new LoadPlan(server.uri(), 40, 4), stats)
                    .block(TIMEOUT);
            var bytes = new ByteArrayOutputStream();
            LoadClientMain.summary(new PrintStream(bytes, true, StandardCharsets.UTF_8), stats.snapshot(), stats);

            String summary = bytes.toString(StandardCharsets.UTF_8);
            assertThat(summary).contains("40 sent, 40 answered, 0 errors, at most 4 in flight");
            assertThat(summary.lines().filter(line -> line.contains(" ms | ")).count())
                    .isEqualTo(12);
        }
    }

    @Test
    void badPlansAreRejectedWithTheFix() {
        URI target = URI.create("http://127.0.0.1:1/");
        assertThatThrownBy(() -> new LoadPlan(target, 0, 1)).hasMessageContaining("at least 1 request");
        assertThatThrownBy(() -> new LoadPlan(target, 10, -1)).hasMessageContaining("LoadPlan.UNBOUNDED");
        assertThatThrownBy(() -> LoadClientMain.main(new String[] {"--requests=10"}))
                .hasMessageContaining("--url is required");
        assertThatThrownBy(() -> LoadClientMain.main(new String[] {"--rate=10"}))
                .hasMessageContaining("unknown argument '--rate=10'");
    }
}
