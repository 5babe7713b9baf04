/**
 * Coroutines for Project Reactor: write reactive code as straight-line code.
 *
 * <p>The entry point is {@link dev.coro.Coro}: {@code Coro.mono} and {@code Coro.flux} build cold publishers whose
 * bodies run as coroutines, {@code Coro.await} suspends a coroutine until a publisher signals.
 */
@NullMarked
package dev.coro;

import org.jspecify.annotations.NullMarked;
