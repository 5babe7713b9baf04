/**
 * Spring Boot auto-configuration for coro-reactor: {@link dev.coro.spring.Coroutine @Coroutine} WebFlux handlers,
 * coroutine functional endpoints ({@link dev.coro.spring.CoroHandlerFunctions}) and filters
 * ({@link dev.coro.spring.CoroWebFilter}), a configurable {@link dev.coro.CoroScheduler}, Micrometer meters and the
 * {@code coroutines} actuator endpoint.
 */
@NullMarked
package dev.coro.spring;

import org.jspecify.annotations.NullMarked;
