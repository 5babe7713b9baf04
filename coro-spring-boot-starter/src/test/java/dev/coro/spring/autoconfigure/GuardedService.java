package dev.coro.spring.autoconfigure;

import org.springframework.security.access.annotation.Secured;
import org.springframework.security.access.prepost.PostAuthorize;
import org.springframework.security.access.prepost.PreAuthorize;

/** Plain-returning methods with method security, called from inside coroutines. */
public class GuardedService {

    @PreAuthorize("hasRole('ADMIN')")
    public String adminOnly() {
        return "service secret";
    }

    @PostAuthorize("returnObject.owner() == authentication.name")
    public Document document(String owner) {
        return new Document(owner, "notes of " + owner);
    }

    @Secured("ROLE_ADMIN")
    public String securedAdminOnly() {
        return "secured service secret";
    }

    public record Document(String owner, String text) {}
}
