package dev.coro.sample.callback;

import java.time.Duration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The timer-bound request of {@code CoroDelayController} as a Reactor chain. */
@RestController
@RequestMapping("/api/callback")
class CallbackDelayController {

    @GetMapping("/delay")
    Mono<String> delay(@RequestParam long millis) {
        return Mono.delay(Duration.ofMillis(millis)).thenReturn("waited " + millis + " ms");
    }
}
