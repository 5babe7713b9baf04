/**
 * The sample shop: one Spring Boot app whose API exists twice, as Reactor callback chains ({@code /api/callback})
 * and as straight-line coroutines ({@code /api/coro}), with identical behaviour.
 */
@NullMarked
package dev.coro.sample;

import org.jspecify.annotations.NullMarked;
