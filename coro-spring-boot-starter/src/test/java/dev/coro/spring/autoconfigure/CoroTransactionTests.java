package dev.coro.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.transaction.reactive.TransactionSynchronization;

/**
 * {@code @Transactional} on {@code @Coroutine} handler methods and on plain-returning services called from
 * coroutines, over a real port, with R2DBC on H2 and Boot's {@code R2dbcTransactionManager}. Before the starter
 * adapted the advice, every transactional call answered 500 ({@code Cannot apply reactive transaction to non-reactive
 * return type}).
 */
@SpringBootTest(
        classes = AopTestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = AopTestApplication.SCHEMA)
class CoroTransactionTests {

    private static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {};

    @LocalServerPort
    int port;

    @Autowired
    Ledger ledger;

    @Autowired
    LedgerController controller;

    WebTestClient client;

    @BeforeEach
    void bind() {
        client = WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(20))
                .build();
    }

    @Test
    void aTransactionalCoroutineHandlerCommitsAndItsAwaitsRunInTheTransaction() {
        String label = unique("commit");
        Map<String, Object> body = post("/ledger/commit/" + label, 200);
        // Inside: the await sees the uncommitted insert; a connection outside the transaction does not, yet.
        assertThat(body).containsEntry("inTransaction", 1).containsEntry("outside", 0);
        assertThat(tx(body.get("tx")))
                .containsEntry("active", true)
                .containsEntry("readOnly", false)
                .containsEntry("name", LedgerController.class.getName() + ".commit");
        assertThat(rows(label)).isEqualTo(1);
    }

    @Test
    void anExceptionRollsBackAndReachesTheExceptionHandler() {
        String label = unique("fail");
        client.post()
                .uri("/ledger/fail/" + label)
                .exchange()
                .expectStatus()
                .isEqualTo(409)
                .expectBody()
                .jsonPath("$.error")
                .isEqualTo("rolled back: " + label);
        assertThat(rows(label)).isZero();
    }

    @Test
    void requiredJoinsTheCallersTransaction() {
        String label = unique("joins");
        Map<String, Object> body = post("/ledger/joins/" + label + "?fail=false", 200);
        assertThat(tx(body.get("inner")).get("name"))
                .isEqualTo(tx(body.get("outer")).get("name"));
        assertThat(rows(label + "-outer")).isEqualTo(1);
        assertThat(rows(label + "-inner")).isEqualTo(1);

        String failing = unique("joins");
        post("/ledger/joins/" + failing + "?fail=true", 409);
        // The service's insert was the caller's transaction's: rolled back with it.
        assertThat(rows(failing + "-outer")).isZero();
        assertThat(rows(failing + "-inner")).isZero();
    }

    @Test
    void requiresNewSuspendsTheCallersTransactionAndCommitsOnItsOwn() {
        String label = unique("new");
        Map<String, Object> body = post("/ledger/requires-new/" + label, 200);
        assertThat(tx(body.get("inner")).get("name")).isEqualTo(Ledger.class.getName() + ".addInNewTransaction");
        // Resumed afterwards: the caller is back in its own transaction.
        assertThat(tx(body.get("afterInner")).get("name"))
                .isEqualTo(tx(body.get("outer")).get("name"));

        String failing = unique("fail-new");
        post("/ledger/requires-new/" + failing, 409);
        assertThat(rows(failing + "-outer")).isZero();
        assertThat(rows(failing + "-inner")).isEqualTo(1);
    }

    @Test
    void aServiceCalledFromANonTransactionalCoroutineRunsItsOwnTransaction() {
        String label = unique("service");
        Map<String, Object> state = post("/ledger/service/" + label, 200);
        assertThat(state).containsEntry("active", true).containsEntry("name", Ledger.class.getName() + ".add");
        assertThat(rows(label)).isEqualTo(1);

        String failing = unique("fail-service");
        post("/ledger/service/" + failing, 409);
        assertThat(rows(failing)).isZero();
    }

    @Test
    void readOnlyIsTheTransactionsAndOnlyInsideTheMethod() {
        Map<String, Object> body = post("/ledger/read-only", 200);
        assertThat(tx(body.get("readOnly")))
                .containsEntry("active", true)
                .containsEntry("readOnly", true)
                .containsEntry("name", Ledger.class.getName() + ".readOnlyState");
        assertThat(tx(body.get("outside"))).containsEntry("active", false);
    }

    @Test
    void aCheckedExceptionCommitsUnlessRollbackForNamesIt() {
        String label = unique("checked");
        post("/ledger/checked/" + label, 422);
        assertThat(rows(label)).isEqualTo(1);

        String rollback = unique("rollback");
        post("/ledger/checked/" + rollback, 422);
        assertThat(rows(rollback)).isZero();
    }

    @Test
    void forksJoinTheTransactionAndAFailingForkRollsBackItsSiblingsWork() {
        String label = unique("forks");
        List<Map<String, Object>> states = client.post()
                .uri("/ledger/forks/" + label)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() {})
                .returnResult()
                .getResponseBody();
        assertThat(states)
                .hasSize(3)
                .allSatisfy(state -> assertThat(state)
                        .containsEntry("active", true)
                        .containsEntry("name", LedgerController.class.getName() + ".forks"));
        assertThat(rows(label)).isEqualTo(3);

        String failing = unique("fail-forks");
        post("/ledger/forks/" + failing, 409);
        assertThat(rows(failing)).isZero();
    }

    @Test
    void aClientDisconnectCancelsTheMethodAndRollsBack() throws Exception {
        String label = unique("hang");
        try (Socket socket = new Socket("localhost", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /ledger/hang/" + label + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            await().atMost(Duration.ofSeconds(20)).until(() -> controller.isHanging(label));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> controller.completion(label) != null);
        assertThat(controller.completion(label)).isEqualTo(TransactionSynchronization.STATUS_ROLLED_BACK);
        assertThat(rows(label)).isZero();
    }

    private Map<String, Object> post(String uri, int status) {
        return client.post()
                .uri(uri)
                .exchange()
                .expectStatus()
                .isEqualTo(status)
                .expectBody(MAP)
                .returnResult()
                .getResponseBody();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> tx(Object state) {
        return (Map<String, Object>) state;
    }

    private long rows(String label) {
        return ledger.count(label).block(Duration.ofSeconds(10));
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
