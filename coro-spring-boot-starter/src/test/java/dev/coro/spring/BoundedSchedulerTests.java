package dev.coro.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coro.CoroScheduler;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;

/**
 * {@code coro.scheduler.max-concurrency} reaches the request's coroutines: excess requests wait for a slot, and all
 * complete.
 */
@SpringBootTest(
        classes = TestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"coro.scheduler.name-prefix=bounded-", "coro.scheduler.max-concurrency=2"})
class BoundedSchedulerTests {

    @LocalServerPort
    int port;

    @Autowired
    LoadController load;

    @Autowired
    CoroScheduler scheduler;

    @Test
    void requestsBeyondTheBoundWaitAndAllComplete() {
        assertThat(scheduler.maxConcurrency()).isEqualTo(2);
        WebClient client = WebClient.create("http://localhost:" + port);
        long started = scheduler.startedCount();

        List<Integer> answers = Flux.range(0, 8)
                .flatMap(i -> client.get().uri("/bounded/{i}", i).retrieve().bodyToMono(Integer.class), 8)
                .collectList()
                .block(Duration.ofSeconds(20));

        assertThat(answers).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(load.boundedPeak.get())
                .as("coroutines inside the handler at once")
                .isEqualTo(2);
        assertThat(scheduler.startedCount() - started).isGreaterThanOrEqualTo(8);
        assertThat(scheduler.queuedCount()).isZero();
    }
}
