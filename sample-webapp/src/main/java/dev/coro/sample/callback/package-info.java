/** The API written as Reactor callback chains, the way good reactive code is written today. */
@NullMarked
package dev.coro.sample.callback;

import org.jspecify.annotations.NullMarked;
