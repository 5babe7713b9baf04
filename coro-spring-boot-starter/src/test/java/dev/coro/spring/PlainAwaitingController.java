package dev.coro.spring;

import static dev.coro.Coro.await;

import java.time.Duration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Handlers without {@code @Coroutine}: two that await, a mistake the guard must report the same way everywhere. */
@RestController
class PlainAwaitingController {

    @GetMapping("/plain/await")
    String get() {
        return await(later("get"));
    }

    @PostMapping("/plain/await")
    String post(@RequestBody String body) {
        return await(later(body));
    }

    @GetMapping("/plain/ok")
    String ok() {
        return "ok";
    }

    // Not a scalar Mono: awaiting one of those returns at once and never reaches the guard.
    private static Mono<String> later(String value) {
        return Mono.delay(Duration.ofMillis(1)).thenReturn(value);
    }
}
