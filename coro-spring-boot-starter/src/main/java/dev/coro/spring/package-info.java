/**
 * coro-reactor for Spring WebFlux, what applications write against: {@link dev.coro.spring.Coroutine @Coroutine}
 * handler methods, coroutine functional endpoints ({@link dev.coro.spring.CoroHandlerFunctions}) and filters
 * ({@link dev.coro.spring.CoroWebFilter}), and the {@link dev.coro.spring.CoroRequestMappingHandlerAdapter} that an
 * application with a {@code WebFluxRegistrations} of its own returns. The auto-configuration that wires them is in
 * {@code dev.coro.spring.autoconfigure}.
 */
@NullMarked
package dev.coro.spring;

import org.jspecify.annotations.NullMarked;
