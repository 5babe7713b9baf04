/** A plain blocking variant of the order lookup on Spring's blocking execution with virtual threads, for the benchmark. */
@NullMarked
package dev.coro.sample.blocking;

import org.jspecify.annotations.NullMarked;
