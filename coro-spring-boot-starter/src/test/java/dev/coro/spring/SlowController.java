package dev.coro.spring;

import static dev.coro.spring.CoroHandlerFunctions.coroutine;
import static org.springframework.web.reactive.function.server.RouterFunctions.route;

import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/** Handlers of every kind that wait forever, so that a test can disconnect from them. */
@RestController
class SlowController {

    final CancellationProbe probe = new CancellationProbe();

    @Coroutine
    @GetMapping("/slow")
    String slow() {
        return waitForever();
    }

    @Bean
    RouterFunction<ServerResponse> slowRoute() {
        return route().GET("/fn/slow", coroutine(request -> {
                    waitForever();
                    throw new AssertionError("unreachable");
                }))
                .build();
    }

    // A frame of its own: the endpoint test finds it in the coroutine's stack.
    private String waitForever() {
        return probe.waitForever();
    }
}
