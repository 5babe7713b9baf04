package dev.coro.sample;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A second, real HTTP server playing the downstream services, whose behaviour a test switches: answer, fail with
 * 500, or answer too late.
 *
 * <p>In {@link Mode#OK} the three calls of a customer summary meet at a barrier: the loyalty and recommendation
 * services answer, and the order stats query (through {@link #statsQueryArrived()}) goes on, only once all three have
 * arrived. A caller that makes any two of them one after the other gets a failure, so a passing summary proves all
 * three were concurrent.
 */
final class FakeDownstream implements AutoCloseable {

    enum Mode {
        OK,
        FAIL,
        SLOW
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final CyclicBarrier summaryCalls = new CyclicBarrier(3);
    private final AtomicInteger calls = new AtomicInteger();
    private final Duration slowness;
    private volatile Mode mode = Mode.OK;

    FakeDownstream(Duration slowness) throws IOException {
        this.slowness = slowness;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.createContext("/shipping/quote", exchange -> answer(exchange, false, """
                {"carrier":"FAKE","priceCents":777,"days":1}"""));
        server.createContext("/loyalty/", exchange -> answer(exchange, true, """
                {"customerId":%s,"tier":"GOLD","points":4000}""".formatted(lastSegment(exchange))));
        server.createContext(
                "/recommendations/", exchange -> answer(exchange, true, """
                {"customerId":%s,"productIds":[1,2]}""".formatted(lastSegment(exchange))));
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void mode(Mode mode) {
        this.mode = mode;
        summaryCalls.reset();
    }

    int calls() {
        return calls.get();
    }

    private void answer(HttpExchange exchange, boolean summaryCall, String json) throws IOException {
        calls.incrementAndGet();
        try (exchange) {
            switch (mode) {
                case FAIL -> send(exchange, 500, "{\"error\":\"boom\"}");
                case SLOW -> {
                    sleep(slowness);
                    send(exchange, 200, json);
                }
                case OK -> {
                    if (summaryCall && !allSummaryCallsArrived()) {
                        send(exchange, 500, "{\"error\":\"the summary's three calls were not made together\"}");
                    } else {
                        send(exchange, 200, json);
                    }
                }
            }
        }
    }

    /**
     * The order stats query's arrival at the summary barrier (see {@link dev.coro.sample.shop.GatedOrderRepository}):
     * blocks until loyalty and recommendations have been called too, in {@link Mode#OK} only.
     *
     * @return whether all three arrived; false after 1.5 s without them
     */
    boolean statsQueryArrived() {
        return mode != Mode.OK || allSummaryCallsArrived();
    }

    private boolean allSummaryCallsArrived() {
        try {
            summaryCalls.await(1_500, TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | BrokenBarrierException e) {
            summaryCalls.reset();
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    private static String lastSegment(HttpExchange exchange) {
        String path = exchange.getRequestURI().getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
