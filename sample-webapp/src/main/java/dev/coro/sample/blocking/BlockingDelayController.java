package dev.coro.sample.blocking;

import java.time.Duration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The timer-bound request of {@code CoroDelayController} as blocking code on a virtual thread. */
@RestController
@RequestMapping("/api/blocking")
class BlockingDelayController {

    @GetMapping("/delay")
    String delay(@RequestParam long millis) {
        Mono.delay(Duration.ofMillis(millis)).block(); // blocks the virtual thread, which unmounts
        return "waited " + millis + " ms";
    }
}
