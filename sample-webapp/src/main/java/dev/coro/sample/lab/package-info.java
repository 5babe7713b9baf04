/**
 * The page's live console and load lab: live coroutines, runs of the load client against this app's own endpoints,
 * and the exercised handlers' sources, all streamed to the page as server-sent events.
 */
@NullMarked
package dev.coro.sample.lab;

import org.jspecify.annotations.NullMarked;
