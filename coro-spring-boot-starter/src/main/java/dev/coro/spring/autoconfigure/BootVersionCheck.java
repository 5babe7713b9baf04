package dev.coro.spring.autoconfigure;

import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.SpringBootVersion;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Fails startup on a Spring Boot older than the starter needs, before any bean exists. On Boot 3 the starter's
 * auto-configuration would otherwise load, find its WebFlux hook's classes missing (Boot 4 moved them) and skip it, so
 * that every {@code @Coroutine} handler answered 500. Registered in {@code META-INF/spring.factories}, a file Boot 3
 * reads as Boot 4 does, and written against classes both have ({@link SpringBootVersion}, Spring Framework's
 * {@link ApplicationContextInitializer}): it must load exactly where the rest of the starter cannot.
 */
final class BootVersionCheck implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    static final int REQUIRED_MAJOR = 4;

    static final String REQUIRED = "Spring Boot 4.0 or newer (4.0.x, 4.1.x and 4.2.x are tested)";

    private final Supplier<@Nullable String> version;

    BootVersionCheck() {
        this(SpringBootVersion::getVersion);
    }

    /** {@code version} answers as {@link SpringBootVersion#getVersion()}: {@code null} when unknown. */
    BootVersionCheck(Supplier<@Nullable String> version) {
        this.version = version;
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        String found = version.get();
        // Unknown (Boot's classes not from its jar, as in some IDE setups): nothing to compare, so no verdict.
        if (found != null && major(found) < REQUIRED_MAJOR) {
            throw new UnsupportedBootVersionException(found);
        }
    }

    private static int major(String version) {
        int end = 0;
        while (end < version.length() && Character.isDigit(version.charAt(end))) {
            end++;
        }
        return end == 0 ? Integer.MAX_VALUE : Integer.parseInt(version.substring(0, end));
    }

    /** The starter runs on a Spring Boot older than {@value #REQUIRED_MAJOR}; analysed by a failure analyzer. */
    static final class UnsupportedBootVersionException extends IllegalStateException {

        private final String found;

        UnsupportedBootVersionException(String found) {
            super("coro-spring-boot-starter needs " + REQUIRED + ", but found Spring Boot " + found + ": its WebFlux "
                    + "hook would not load and every @Coroutine handler would fail. Upgrade to Spring Boot 4, or "
                    + "remove coro-spring-boot-starter and depend on coro-reactor alone (Coro.mono in reactive "
                    + "handlers works with any Spring version).");
            this.found = found;
        }

        String found() {
            return found;
        }
    }
}
