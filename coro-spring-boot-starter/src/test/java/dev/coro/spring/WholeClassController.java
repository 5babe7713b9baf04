package dev.coro.spring;

import static dev.coro.Coro.await;

import java.time.Duration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** A class-level {@code @Coroutine}: plain methods become coroutines, reactive ones stay as they are. */
@Coroutine
@RestController
@RequestMapping("/whole")
class WholeClassController {

    @GetMapping("/plain")
    String plain() {
        await(Mono.delay(Duration.ofMillis(1)));
        return Thread.currentThread().getName();
    }

    @GetMapping("/reactive")
    Mono<String> reactive() {
        return Mono.fromCallable(() -> Thread.currentThread().getName());
    }
}
