/**
 * JMH benchmarks for coro-reactor and a heap probe; every benchmark measures coro-reactor against the plain Reactor
 * way of doing the same thing, in the same run, so that the results can be read as ratios.
 *
 * <p>Run by hand from {@code benchmarks/target/benchmarks.jar}, see {@code benchmarks/README.md}.
 */
@NullMarked
package dev.coro.benchmarks;

import org.jspecify.annotations.NullMarked;
