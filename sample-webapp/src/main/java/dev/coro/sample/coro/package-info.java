/** The same API written as straight-line coroutines: {@code @Coroutine} handlers that {@code await}. */
@NullMarked
package dev.coro.sample.coro;

import org.jspecify.annotations.NullMarked;
