/**
 * Spring Boot auto-configuration of coro-reactor: the {@link dev.coro.CoroScheduler} bean from the {@code coro.*}
 * properties ({@link dev.coro.spring.autoconfigure.CoroProperties}), the WebFlux hook that runs
 * {@link dev.coro.spring.Coroutine @Coroutine} handlers, Micrometer meters, the {@code coroutines} actuator endpoint,
 * and Spring's {@code @Transactional} and reactive method security around coroutine code.
 * Applications do not use these classes directly; the API they write against is in {@code dev.coro.spring}.
 */
@NullMarked
package dev.coro.spring.autoconfigure;

import org.jspecify.annotations.NullMarked;
