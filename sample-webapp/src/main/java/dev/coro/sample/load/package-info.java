/**
 * A load generator written with coro-reactor: {@link dev.coro.sample.load.LoadClient} sends many requests at once as
 * straight-line code, {@link dev.coro.sample.load.LoadClientMain} runs it from the command line.
 */
@NullMarked
package dev.coro.sample.load;

import org.jspecify.annotations.NullMarked;
