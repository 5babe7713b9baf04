package dev.coro.spring.autoconfigure;

import dev.coro.spring.Coroutine;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.security.access.annotation.Secured;
import org.springframework.security.access.prepost.PostAuthorize;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Method security on {@code @Coroutine} handler methods, and on services they call. */
@Coroutine
@RestController
@RequestMapping("/guarded")
public class GuardedController {

    private final GuardedService service;

    private final AtomicInteger preAuthorizedBodies = new AtomicInteger();

    public GuardedController(GuardedService service) {
        this.service = service;
    }

    @PreAuthorize("hasRole('ADMIN')")
    @GetMapping("/pre")
    public String pre() {
        preAuthorizedBodies.incrementAndGet();
        return "handler secret";
    }

    /** How many times the guarded handler body ran: a denied call must not run it. */
    public int preAuthorizedBodies() {
        return preAuthorizedBodies.get();
    }

    @GetMapping("/service")
    public String viaService() {
        return service.adminOnly();
    }

    @PostAuthorize("returnObject.owner() == authentication.name")
    @GetMapping("/post/{owner}")
    public GuardedService.Document post(@PathVariable String owner) {
        return new GuardedService.Document(owner, "handler notes of " + owner);
    }

    @GetMapping("/service/post/{owner}")
    public GuardedService.Document postViaService(@PathVariable String owner) {
        return service.document(owner);
    }

    @Secured("ROLE_ADMIN")
    @GetMapping("/secured")
    public String secured() {
        return "secured handler secret";
    }

    @GetMapping("/service/secured")
    public String securedViaService() {
        return service.securedAdminOnly();
    }

    /** A reactive handler stays Spring Security's own. */
    @PreAuthorize("hasRole('ADMIN')")
    @GetMapping("/mono")
    public Mono<String> mono() {
        return Mono.just("mono secret");
    }
}
