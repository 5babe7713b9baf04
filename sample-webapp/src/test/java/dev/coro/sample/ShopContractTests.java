package dev.coro.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coro.sample.shop.OrderRepository;
import dev.coro.sample.shop.OrderStreamMonitor;
import dev.coro.sample.shop.OrderStreamMonitor.Ended;
import dev.coro.sample.shop.OrderStreamMonitor.Outcome;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * The contract both API variants keep, over a real port: every endpoint, every error mapping, the rollback case. A
 * conversion from callback chains to coroutines is correct when this suite stays green for both.
 *
 * <p>The downstream failures (5xx, too slow, refused) need a downstream of their own, so they are in
 * {@link DownstreamFailureTests} and {@link ConnectionRefusedTests}: the three classes are the contract suite. Each
 * runs on H2 ({@code H2...}) and on PostgreSQL ({@code Postgres...}).
 */
abstract class ShopContractTests extends ShopApiTests {

    private static final Pattern EVENT_ID = Pattern.compile("^id:(\\d+)$", Pattern.MULTILINE);

    @Autowired
    OrderStreamMonitor streams;

    @Autowired
    OrderRepository orderRepository;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping handlerMapping;

    // --- GET /orders/{id}: DB, DB, HTTP in sequence

    @BothVariants
    void orderLookupCombinesOrderCustomerAndShippingQuote(String variant) {
        client.get()
                .uri("/api/{variant}/orders/1", variant)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.id")
                .isEqualTo(1)
                .jsonPath("$.status")
                .isEqualTo("PLACED")
                .jsonPath("$.lines[0].productName")
                .isEqualTo("Notebook (A5, dotted)")
                .jsonPath("$.lines[0].quantity")
                .isEqualTo(3)
                // The seeded order's shipping is today's quote (data.sql): 2700 + 820.
                .jsonPath("$.shippingCents")
                .isEqualTo(820)
                .jsonPath("$.totalCents")
                .isEqualTo(3520)
                .jsonPath("$.customer.name")
                .isEqualTo("Edsger Dijkstra")
                // NL is domestic for the simulated shipping service: 490 + 110 per item.
                .jsonPath("$.shippingQuote.carrier")
                .isEqualTo("DHL")
                .jsonPath("$.shippingQuote.priceCents")
                .isEqualTo(820);
    }

    @BothVariants
    void unknownOrderIsA404ProblemDetail(String variant) {
        client.get()
                .uri("/api/{variant}/orders/999999", variant)
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo(404)
                .jsonPath("$.title")
                .isEqualTo("Not found")
                .jsonPath("$.detail")
                .isEqualTo("order 999999 does not exist")
                .jsonPath("$.instance")
                .isEqualTo("/api/" + variant + "/orders/999999")
                .jsonPath("$.resource")
                .isEqualTo("order");
    }

    @BothVariants
    void malformedIdIsA400ProblemDetail(String variant) {
        client.get()
                .uri("/api/{variant}/orders/abc", variant)
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo(400);
    }

    // --- POST /orders: validate, reserve, price, save; one transaction

    @BothVariants
    void placingAnOrderReservesStockAndAnswers201WithLocation(String variant) {
        long product = db.newProduct("Contract pen " + variant, 350, 5);
        long ordersBefore = db.orderCount();

        var result = placeOrder(variant, orderRequest(2, product, 2))
                .expectStatus()
                .isCreated()
                .expectBody()
                .jsonPath("$.lines[0].productId")
                .isEqualTo(product)
                .jsonPath("$.lines[0].quantity")
                .isEqualTo(2)
                .jsonPath("$.subtotalCents")
                .isEqualTo(700)
                // US is not domestic: 1490 + 210 per item.
                .jsonPath("$.shippingCents")
                .isEqualTo(1910)
                .jsonPath("$.totalCents")
                .isEqualTo(2610)
                .jsonPath("$.customer.id")
                .isEqualTo(2)
                .returnResult();

        String location = Objects.requireNonNull(result.getResponseHeaders().getLocation())
                .toString();
        assertThat(location).matches("/api/" + variant + "/orders/\\d+");
        assertThat(db.stock(product)).isEqualTo(3);
        assertThat(db.orderCount()).isEqualTo(ordersBefore + 1);
        client.get()
                .uri(location)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.lines[0].productId")
                .isEqualTo(product)
                .jsonPath("$.totalCents")
                .isEqualTo(2610);
    }

    @BothVariants
    void invalidOrderIsA400WithFieldErrorsAndWritesNothing(String variant) {
        long orders = db.orderCount();
        placeOrder(variant, "{\"items\":[{\"productId\":1,\"quantity\":0}]}")
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("customerId")
                .jsonPath("$.errors[1].field")
                .isEqualTo("items[0].quantity")
                .jsonPath("$.errors.length()")
                .isEqualTo(2);
        placeOrder(variant, "{\"customerId\":1,\"items\":[]}")
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("items");
        placeOrder(variant, "{\"customerId\":").expectStatus().isBadRequest();
        assertThat(db.orderCount()).isEqualTo(orders);
    }

    @BothVariants
    void unknownCustomerOrProductIsA400NamingTheField(String variant) {
        long product = db.newProduct("Contract ink " + variant, 100, 4);
        long orders = db.orderCount();
        placeOrder(variant, orderRequest(424242, product, 1))
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("customerId")
                .jsonPath("$.errors[0].message")
                .isEqualTo("customer 424242 does not exist");
        placeOrder(variant, orderRequest(1, product, 1, 9999, 1))
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("items[1].productId");
        // The first line's reservation happened before the unknown product was found: rolled back.
        assertThat(db.stock(product)).isEqualTo(4);
        assertThat(db.orderCount()).isEqualTo(orders);
    }

    @BothVariants
    void outOfStockIsA409AndRollsBackEarlierReservations(String variant) {
        long plenty = db.newProduct("Plenty " + variant, 500, 5);
        long scarce = db.newProduct("Scarce " + variant, 900, 1);
        long orders = db.orderCount();
        long lines = db.lineCount();

        placeOrder(variant, orderRequest(1, plenty, 2, scarce, 3))
                .expectStatus()
                .isEqualTo(HttpStatus.CONFLICT)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.title")
                .isEqualTo("Out of stock")
                .jsonPath("$.productId")
                .isEqualTo(scarce)
                .jsonPath("$.requested")
                .isEqualTo(3)
                .jsonPath("$.available")
                .isEqualTo(1);

        assertThat(db.stock(plenty))
                .as("the first line's reservation is rolled back")
                .isEqualTo(5);
        assertThat(db.stock(scarce)).isEqualTo(1);
        assertThat(db.orderCount()).isEqualTo(orders);
        assertThat(db.lineCount()).isEqualTo(lines);
    }

    // --- GET /customers/{id}/summary: three calls at once

    @BothVariants
    void summaryCombinesOrderStatsLoyaltyAndRecommendations(String variant) {
        long[] stats = db.customerStats(2);
        client.get()
                .uri("/api/{variant}/customers/2/summary", variant)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.customer.name")
                .isEqualTo("Grace Hopper")
                .jsonPath("$.orders.orderCount")
                .isEqualTo(stats[0])
                .jsonPath("$.orders.totalSpentCents")
                .isEqualTo(stats[1])
                .jsonPath("$.loyalty.tier")
                .isEqualTo("BRONZE")
                .jsonPath("$.loyalty.points")
                .isEqualTo(838)
                .jsonPath("$.recommendations.productIds")
                .isEqualTo(List.of(3, 6, 8));
    }

    @BothVariants
    void summaryOfUnknownCustomerIsA404(String variant) {
        client.get()
                .uri("/api/{variant}/customers/777/summary", variant)
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectBody()
                .jsonPath("$.detail")
                .isEqualTo("customer 777 does not exist");
    }

    // --- GET /orders/stream: server-sent events paged from the database

    @BothVariants
    void streamPagesThroughEveryOrderInIdOrderAndCompletes(String variant) {
        List<Long> expected = db.orderIds();
        int endedBefore = streams.ended().size();
        String body = sse("/api/" + variant + "/orders/stream", null);

        assertThat(eventIds(body)).isEqualTo(expected);
        assertThat(body).contains("event:order").contains("\"customerName\":\"Edsger Dijkstra\"");
        assertThat(awaitEnded(endedBefore)).containsExactly(new Ended(variant, Outcome.COMPLETED));
    }

    @BothVariants
    void streamResumesAfterLastEventIdOrAfterParameter(String variant) {
        List<Long> all = db.orderIds();
        List<Long> after20 = all.stream().filter(id -> id > 20).toList();
        assertThat(eventIds(sse("/api/" + variant + "/orders/stream", 20L))).isEqualTo(after20);
        assertThat(eventIds(sse("/api/" + variant + "/orders/stream?after=20", null)))
                .isEqualTo(after20);
    }

    @BothVariants
    void streamReadsAheadOnlyAsFarAsTheSubscriberAsks(String variant) throws Exception {
        assertThat(db.orderIds()).hasSizeGreaterThan(20);
        Flux<?> stream = streamHandler(variant);
        long before = orderRepository.pagedRows();
        int endedBefore = streams.ended().size();

        StepVerifier.create(stream, 0)
                .thenRequest(3)
                .expectNextCount(3)
                .then(() -> sleep(Duration.ofMillis(300)))
                // Page size 5: the three elements come from the first page; at most the next page may be read.
                .then(() -> assertThat(orderRepository.pagedRows() - before).isLessThanOrEqualTo(10))
                .thenRequest(4)
                .expectNextCount(4)
                .then(() -> sleep(Duration.ofMillis(300)))
                .then(() -> assertThat(orderRepository.pagedRows() - before).isLessThanOrEqualTo(15))
                .thenCancel()
                .verify(Duration.ofSeconds(10));
        assertThat(awaitEnded(endedBefore)).containsExactly(new Ended(variant, Outcome.CANCELLED));
    }

    @BothVariants
    void clientDisconnectStopsTheStreamAndRunsItsFinally(String variant) throws Exception {
        int endedBefore = streams.ended().size();
        int activeBefore = streams.active();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            readThreeEvents(socket, "/api/" + variant + "/orders/stream?follow=true");
            assertThat(streams.active()).isEqualTo(activeBefore + 1);
        }
        assertThat(awaitEnded(endedBefore)).containsExactly(new Ended(variant, Outcome.CANCELLED));
        assertThat(streams.active()).isEqualTo(activeBefore);
    }

    /** Sends an event-stream GET for {@code path} on a connected raw socket and reads its first three events. */
    private static void readThreeEvents(Socket socket, String path) throws IOException {
        socket.setSoTimeout(10_000);
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        int events = 0;
        for (String line = in.readLine(); line != null && events < 3; line = in.readLine()) {
            if (line.startsWith("data:")) events++;
        }
        assertThat(events).isEqualTo(3);
    }

    @BothVariants
    void slowClientOverHttpDoesNotMakeTheServerReadAhead(String variant) throws Exception {
        int total = 5_000; // ~750 KB of events: far more than socket buffers and Reactor/Netty prefetch hold
        long lastBefore = db.orderIds().getLast();
        db.insertOrders(total);
        int endedBefore = streams.ended().size();
        try {
            long before = orderRepository.pagedRows();
            long stalledAt;
            try (Socket socket = new Socket()) {
                socket.setReceiveBufferSize(4096); // before connect, so that the TCP window stays small
                socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
                readThreeEvents(socket, "/api/" + variant + "/orders/stream?after=" + lastBefore);
                // The client reads no more: the server may fill the socket buffers and its prefetch, then must stop.
                stalledAt = awaitStable(() -> orderRepository.pagedRows() - before);
                assertThat(stalledAt)
                        .as("rows read for a client that stopped reading")
                        .isLessThan(total / 2);
                assertThat(streams.ended()).hasSize(endedBefore); // stalled, not finished
            }
            assertThat(awaitEnded(endedBefore)).containsExactly(new Ended(variant, Outcome.CANCELLED));
            assertThat(orderRepository.pagedRows() - before).isLessThan(total / 2);
        } finally {
            db.deleteOrdersAfter(lastBefore);
        }
    }

    // --- POST /products/{id}/restock: admins only (@PreAuthorize), in one transaction (@Transactional)

    @BothVariants
    void restockAnswers401Anonymous403WithoutTheAdminRoleAnd200WithIt(String variant) {
        long product = db.newProduct("Restock " + variant, 100, 2);
        restock(variant, product, 3, null).expectStatus().isUnauthorized();
        restock(variant, product, 3, "customer").expectStatus().isForbidden();
        assertThat(db.stock(product)).as("stock after denied restocks").isEqualTo(2);
        restock(variant, product, 3, "admin")
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.id")
                .isEqualTo(product)
                .jsonPath("$.stock")
                .isEqualTo(5);
        assertThat(db.stock(product)).isEqualTo(5);
    }

    @BothVariants
    void restockOfAnUnknownProductIsA404AndAQuantityBelowOneA400(String variant) {
        restock(variant, 999_999, 3, "admin")
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.resource")
                .isEqualTo("product");
        long product = db.newProduct("Restock zero " + variant, 100, 2);
        restock(variant, product, 0, "admin")
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(db.stock(product)).isEqualTo(2);
    }

    private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec restock(
            String variant, long product, int quantity, String user) {
        return client.post()
                .uri("/api/{variant}/products/{id}/restock?quantity={q}", variant, product, quantity)
                .headers(headers -> {
                    if (user != null) headers.setBasicAuth(user, user);
                })
                .exchange();
    }

    // --- the variants are interchangeable

    @Test
    void bothVariantsAnswerByteForByteTheSame() {
        for (String path : List.of(
                "/orders/1",
                "/orders/7",
                "/orders/999999",
                "/orders/abc",
                "/customers/2/summary",
                "/customers/777/summary",
                "/orders/stream?after=15")) {
            String callback = body("/api/callback" + path).replace("/api/callback/", "/api/coro/");
            String coro = body("/api/coro" + path);
            assertThat(coro).as(path).isEqualTo(callback);
        }
        assertThat(body("/api/blocking/orders/1")).isEqualTo(body("/api/coro/orders/1"));
        assertThat(body("/api/blocking/orders/999999").replace("/api/blocking/", "/api/coro/"))
                .isEqualTo(body("/api/coro/orders/999999"));
    }

    @Test
    void actuatorShowsHealthMetricsAndCoroutines() {
        client.get().uri("/api/coro/orders/1").exchange().expectStatus().isOk();
        client.get()
                .uri("/actuator/coroutines")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.started")
                .value(started -> assertThat(((Number) started).longValue()).isPositive())
                .jsonPath("$.coroutines")
                .isArray();
        client.get()
                .uri("/actuator/metrics/coro.coroutines.started")
                .exchange()
                .expectStatus()
                .isOk();
        client.get()
                .uri("/actuator/health")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("UP")
                .jsonPath("$.components.r2dbc.status")
                .isEqualTo("UP");
        client.get()
                .uri("/actuator/metrics/shop.order.streams.active")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.measurements[0].value")
                .isEqualTo(0.0);
    }

    private String body(String path) {
        return new String(
                Objects.requireNonNull(client.get()
                        .uri(path)
                        .exchange()
                        .expectBody()
                        .returnResult()
                        .getResponseBodyContent()),
                StandardCharsets.UTF_8);
    }

    private String sse(String path, Long lastEventId) {
        return Objects.requireNonNull(client.get()
                .uri(path)
                .accept(MediaType.TEXT_EVENT_STREAM)
                .headers(headers -> {
                    if (lastEventId != null) headers.set("Last-Event-ID", Long.toString(lastEventId));
                })
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody());
    }

    // A stream's end is recorded by its own thread, possibly just after the client saw the last byte.
    private List<Ended> awaitEnded(int endedBefore) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (streams.ended().size() == endedBefore && System.nanoTime() < deadline) {
            sleep(Duration.ofMillis(20));
        }
        sleep(Duration.ofMillis(50)); // a second, unexpected end would show up here
        List<Ended> ended = streams.ended();
        return ended.subList(endedBefore, ended.size());
    }

    // Polls until the value has not changed for a second (at most 8 s in all), and returns it.
    private static long awaitStable(LongSupplier value) {
        long deadline = System.nanoTime() + Duration.ofSeconds(8).toNanos();
        long last = value.getAsLong();
        long stableSince = System.nanoTime();
        while (System.nanoTime() - stableSince < Duration.ofSeconds(1).toNanos() && System.nanoTime() < deadline) {
            sleep(Duration.ofMillis(50));
            long now = value.getAsLong();
            if (now != last) {
                last = now;
                stableSince = System.nanoTime();
            }
        }
        return last;
    }

    private static List<Long> eventIds(String body) {
        List<Long> ids = new ArrayList<>();
        Matcher matcher = EVENT_ID.matcher(body);
        while (matcher.find()) ids.add(Long.parseLong(matcher.group(1)));
        return ids;
    }

    // The handler method itself, to subscribe with explicit demand (over HTTP, socket buffers would hide it).
    private Flux<?> streamHandler(String variant) throws Exception {
        for (Map.Entry<?, HandlerMethod> entry :
                handlerMapping.getHandlerMethods().entrySet()) {
            if (entry.getKey().toString().contains("/api/" + variant + "/orders/stream")) {
                HandlerMethod handler = entry.getValue().createWithResolvedBean();
                Method method = handler.getMethod();
                method.setAccessible(true);
                return (Flux<?>) method.invoke(handler.getBean(), 0L, false, null);
            }
        }
        throw new AssertionError("no handler for /api/" + variant + "/orders/stream");
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
