package dev.coro.sample.coro;

import static dev.coro.Coro.await;

import dev.coro.spring.Coroutine;
import java.time.Duration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * A request that waits on a timer and answers: what holds many requests in flight for benchmarks/concurrency and
 * the page's load lab. The three variants wait on the same {@code Mono.delay} (Reactor's timer), so they differ only
 * in how the handler is written.
 */
@Coroutine
@RestController
@RequestMapping("/api/coro")
class CoroDelayController {

    @GetMapping("/delay")
    String delay(@RequestParam long millis) {
        await(Mono.delay(Duration.ofMillis(millis))); // parks the coroutine, no thread is held
        return "waited " + millis + " ms";
    }
}
