/**
 * Spring Boot auto-configuration for coro-reactor: Spring's {@code @Transactional} and reactive method security
 * around coroutine code.
 */
@NullMarked
package dev.coro.spring.autoconfigure;

import org.jspecify.annotations.NullMarked;
