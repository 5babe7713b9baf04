package dev.coro.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.coro.Coro;
import dev.coro.CoroScheduler;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.context.Context;

/**
 * Issue 14, point 4, over a real port: {@code /actuator/coroutines?group=awaited}, its text form and the
 * {@code coro.coroutines.suspended.oldest} gauge.
 */
@SpringBootTest(
        classes = TestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"coro.scheduler.name-prefix=grouped-", ObservabilityTests.EXPOSE})
class GroupedDumpEndpointTests {

    @LocalServerPort
    int port;

    @Autowired
    CoroScheduler scheduler;

    @Autowired
    MeterRegistry meters;

    WebTestClient client;
    final Sinks.Empty<Void> gateA = Sinks.empty();
    final Sinks.Empty<Void> gateB = Sinks.empty();
    final List<Disposable> parked = new ArrayList<>();

    @BeforeEach
    void parkThirtyAtOneSiteAndTwentyAtAnother() {
        client = WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(20))
                .build();
        for (int i = 0; i < 50; i++) {
            Mono<Object> body = i < 30
                    ? Coro.mono(() -> parkedAtSiteA(gateA.asMono().name("gate-a")))
                    : Coro.mono(() -> parkedAtSiteB(gateB.asMono().name("gate-b")));
            parked.add(body.contextWrite(Context.of(CoroScheduler.CONTEXT_KEY, scheduler))
                    .subscribe());
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> gateA.currentSubscriberCount() == 30 && gateB.currentSubscriberCount() == 20);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> scheduler.coroutineGroups().size() == 2);
    }

    @AfterEach
    void release() {
        gateA.tryEmitEmpty();
        gateB.tryEmitEmpty();
        parked.forEach(Disposable::dispose);
        await().atMost(Duration.ofSeconds(10)).until(() -> scheduler.activeCount() == 0);
    }

    private static Object parkedAtSiteA(Mono<Void> gate) {
        return Coro.await(gate);
    }

    private static Object parkedAtSiteB(Mono<Void> gate) {
        return Coro.await(gate);
    }

    @Test
    @SuppressWarnings("unchecked")
    void groupAwaitedListsOneGroupPerPlaceWithCountsLargestFirst() {
        Map<String, Object> body = client.get()
                .uri("/actuator/coroutines?group=awaited")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
                .returnResult()
                .getResponseBody();
        assertThat(body).containsOnlyKeys("namePrefix", "live", "groups");
        assertThat(body).containsEntry("namePrefix", "grouped-").containsEntry("live", 50);
        List<Map<String, Object>> groups = (List<Map<String, Object>>) body.get("groups");
        assertThat(groups).hasSize(2);
        assertThat(groups.get(0))
                .containsOnlyKeys("count", "state", "awaiting", "oldestAge", "oldestAgeMillis", "names", "stack")
                .containsEntry("count", 30)
                .containsEntry("state", "SUSPENDED")
                .containsEntry("awaiting", "gate-a");
        assertThat((List<String>) groups.get(0).get("names")).hasSize(5);
        assertThat((String) groups.get(0).get("oldestAge")).startsWith("PT");
        assertThat((List<String>) groups.get(0).get("stack"))
                .anySatisfy(frame -> assertThat(frame).contains("GroupedDumpEndpointTests.parkedAtSiteA"));
        assertThat(groups.get(1)).containsEntry("count", 20).containsEntry("awaiting", "gate-b");
    }

    @Test
    void theTextFormIsTheGroupedDumpAndJsonStaysTheDefault() {
        String text = client.get()
                .uri("/actuator/coroutines")
                .accept(MediaType.TEXT_PLAIN)
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.TEXT_PLAIN)
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(text)
                .startsWith("Coroutine dump of scheduler 'grouped-' at ")
                .contains(": 50 live coroutines in 2 groups, largest first\n")
                .contains("\n30 coroutines SUSPENDED awaiting gate-a, oldest ")
                .contains("\n20 coroutines SUSPENDED awaiting gate-b, oldest ")
                .contains("\tat dev.coro.spring.GroupedDumpEndpointTests.parkedAtSiteB(");

        client.get()
                .uri("/actuator/coroutines")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.coroutines.length()")
                .isEqualTo(50);
    }

    @Test
    void anUnknownGroupIsABadRequest() {
        client.get()
                .uri("/actuator/coroutines?group=stack")
                .exchange()
                .expectStatus()
                .isBadRequest();
    }

    @Test
    void theOldestSuspendedGaugeGrowsWhileTheCoroutinesStayParked() throws InterruptedException {
        // The coroutines were seen parked before this line: that long, at least, they have been alive.
        long seenParked = System.nanoTime();
        double previous = 0;
        for (int i = 0; i < 3; i++) {
            Thread.sleep(20);
            long before = System.nanoTime();
            double age = meters.get("coro.coroutines.suspended.oldest").gauge().value();
            assertThat(age).isGreaterThanOrEqualTo((before - seenParked) / 1e9).isGreaterThanOrEqualTo(previous);
            previous = age;
        }
        client.get()
                .uri("/actuator/metrics/coro.coroutines.suspended.oldest")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.baseUnit")
                .isEqualTo("seconds")
                .jsonPath("$.measurements[0].value")
                .isNumber();
    }
}
