package dev.coro.spring.autoconfigure;

import dev.coro.spring.autoconfigure.BootVersionCheck.UnsupportedBootVersionException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns {@link UnsupportedBootVersionException} into Boot's "APPLICATION FAILED TO START" description and action. */
final class UnsupportedBootVersionFailureAnalyzer extends AbstractFailureAnalyzer<UnsupportedBootVersionException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, UnsupportedBootVersionException cause) {
        return new FailureAnalysis(
                "coro-spring-boot-starter needs " + BootVersionCheck.REQUIRED + ", but the application runs on "
                        + "Spring Boot " + cause.found() + ".",
                "Upgrade the application to Spring Boot 4 (spring-boot-starter-parent or spring-boot-dependencies "
                        + "4.x), or replace coro-spring-boot-starter by coro-reactor and run coroutines with "
                        + "Coro.mono(...) from reactive handlers.",
                cause);
    }
}
