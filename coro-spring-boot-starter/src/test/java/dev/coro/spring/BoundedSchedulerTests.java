package dev.coro.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coro.CoroScheduler;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;

/**
 * {@code coro.scheduler.max-concurrency} reaches the request's coroutines: excess requests wait for a slot, and all
 * complete, also when a coroutine filter and a coroutine handler serve the same request.
 */
@SpringBootTest(
        classes = TestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"coro.scheduler.name-prefix=bounded-", "coro.scheduler.max-concurrency=1"})
class BoundedSchedulerTests {

    private static final int REQUESTS = 6;

    @LocalServerPort
    int port;

    @Autowired
    LoadController load;

    @Autowired
    CoroScheduler scheduler;

    @Test
    void requestsBeyondTheBoundWaitAndAllComplete() {
        assertThat(scheduler.maxConcurrency()).isEqualTo(1);
        WebClient client = WebClient.create("http://localhost:" + port);
        long started = scheduler.startedCount();

        List<Integer> answers = Flux.range(0, REQUESTS)
                .flatMap(i -> client.get().uri("/bounded/{i}", i).retrieve().bodyToMono(Integer.class), REQUESTS)
                .collectList()
                .block(Duration.ofSeconds(20));

        assertThat(answers).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);
        assertThat(load.boundedPeak.get())
                .as("coroutines inside the handler at once")
                .isEqualTo(1);
        assertThat(scheduler.startedCount() - started).isGreaterThanOrEqualTo(REQUESTS);
        assertThat(scheduler.queuedCount()).isZero();
    }

    @Test
    void coroutineFilterAndItsCoroutineHandlerShareOneSlotSoABoundOfOneCompletesEveryRequest() {
        WebClient client = WebClient.create("http://localhost:" + port);

        List<ResponseEntity<Integer>> responses = Flux.range(0, REQUESTS)
                .flatMap(
                        i -> client.get()
                                .uri("/bounded/{i}", i)
                                .header("X-Tenant", "acme")
                                .retrieve()
                                .toEntity(Integer.class),
                        REQUESTS)
                .collectList()
                .block(Duration.ofSeconds(20));

        assertThat(responses).extracting(ResponseEntity::getBody).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);
        assertThat(responses)
                .allSatisfy(r -> assertThat(r.getHeaders().getFirst("X-Filter-Thread"))
                        .as("the filter ran as a coroutine")
                        .startsWith("bounded-TenantWebFilter-"));
        assertThat(scheduler.queuedCount()).isZero();
    }
}
