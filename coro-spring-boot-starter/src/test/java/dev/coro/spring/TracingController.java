package dev.coro.spring;

import static dev.coro.Coro.await;

import dev.coro.Coro;
import dev.coro.Fork;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Logs from every place of a coroutine handler where a trace could get lost, and calls out with WebClient. */
@RestController
class TracingController {

    static final Logger log = LoggerFactory.getLogger(TracingController.class);

    private static final ParameterizedTypeReference<Map<String, String>> MAP = new ParameterizedTypeReference<>() {};

    private final WebClient client;

    TracingController(WebClient.Builder builder) {
        this.client = builder.build();
    }

    /** What an outgoing call carried: the callee's view of the propagation headers. */
    @GetMapping("/trace/echo")
    Map<String, String> echo(@RequestHeader(name = "traceparent", defaultValue = "none") String traceparent) {
        return Map.of("traceparent", traceparent);
    }

    @Coroutine
    @GetMapping("/trace/handler")
    Map<String, String> handler(@RequestParam int port) {
        log.info("trace: start");
        await(Mono.delay(Duration.ofMillis(2)));
        log.info("trace: after delay");
        Map<String, String> echoed = await(client.get()
                .uri("http://localhost:" + port + "/trace/echo")
                .retrieve()
                .bodyToMono(MAP));
        log.info("trace: after webclient");
        Coro.scope(scope -> {
            List<Fork<Object>> forks = List.of(
                    scope.fork(() -> {
                        await(Mono.delay(Duration.ofMillis(1)));
                        log.info("trace: fork 1");
                        return null;
                    }),
                    scope.fork(() -> {
                        await(Mono.delay(Duration.ofMillis(3)));
                        log.info("trace: fork 2");
                        return null;
                    }));
            forks.forEach(Fork::join);
            return null;
        });
        log.info("trace: end");
        return echoed;
    }

    @GetMapping(value = "/trace/flux", produces = MediaType.APPLICATION_NDJSON_VALUE)
    Flux<Integer> flux() {
        return Coro.flux(out -> {
            for (int i = 0; i < 3; i++) {
                await(Mono.delay(Duration.ofMillis(1)));
                log.info("trace: flux {}", i);
                out.yield(i);
            }
        });
    }
}
