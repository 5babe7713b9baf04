package dev.coro.spring;

import static dev.coro.Coro.await;

import java.time.Duration;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebSession;
import reactor.core.publisher.Mono;

/** The WebFlux session from coroutine handlers: as a resolved argument, and awaited from the exchange. */
@RestController
class SessionController {

    @Coroutine
    @PostMapping("/session/cart")
    Map<String, String> put(WebSession session, @RequestParam String item) {
        await(Mono.delay(Duration.ofMillis(1)));
        session.getAttributes().put("item", item);
        return Map.of("session", session.getId());
    }

    @Coroutine
    @GetMapping("/session/cart")
    Map<String, String> get(ServerWebExchange exchange) {
        WebSession session = await(exchange.getSession());
        await(Mono.delay(Duration.ofMillis(1)));
        return Map.of("item", String.valueOf(session.getAttributes().get("item")), "session", session.getId());
    }
}
