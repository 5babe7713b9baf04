package dev.coro.spring;

import static dev.coro.Coro.await;

import dev.coro.Coro;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Handlers that report what of the request's Context they see from inside their coroutine. */
@RestController
class ContextController {

    private static final Logger log = LoggerFactory.getLogger(ContextController.class);

    @Coroutine
    @GetMapping("/secure/me")
    Map<String, String> me() {
        Authentication authentication =
                await(ReactiveSecurityContextHolder.getContext().map(SecurityContext::getAuthentication));
        return Map.of(
                "name",
                authentication.getName(),
                "thread",
                Thread.currentThread().getName());
    }

    @Coroutine
    @GetMapping("/context/tenant")
    Map<String, String> tenant() {
        String direct = Coro.context().getOrDefault("tenant", "none");
        String awaited = await(Mono.deferContextual(c -> Mono.just(c.getOrDefault("tenant", "none"))));
        return Map.of("direct", direct, "awaited", awaited);
    }

    @Coroutine
    @GetMapping("/context/mdc")
    Map<String, String> mdc() {
        String before = String.valueOf(MDC.get(MdcWebFilter.KEY));
        await(Mono.delay(Duration.ofMillis(2)));
        log.info("coroutine handler log line");
        return Map.of("before", before, "after", String.valueOf(MDC.get(MdcWebFilter.KEY)));
    }
}
