package dev.coro;

import static dev.coro.Coro.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

class ManyCoroutinesTest {

    /** 10,000 coroutines each awaiting 200 ms finish together: no pool of carriers is held by a suspended one. */
    @Tag("stress")
    @Test
    void tenThousandCoroutinesAwaitingADelayCompleteTogether() {
        int n = 10_000;
        long start = System.nanoTime();
        List<Integer> results = Flux.range(0, n)
                .flatMap(i -> Coro.mono(() -> await(Mono.just(i).delayElement(Duration.ofMillis(200)))), n)
                .collectList()
                .block(Duration.ofSeconds(60));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(results).hasSize(n).doesNotHaveDuplicates();
        // Sequentially, or with a pool of 2 carriers each blocked per await, this would take 2,000 s or 1,000 s.
        assertThat(took).isLessThan(Duration.ofSeconds(20));
    }
}
