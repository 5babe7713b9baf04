package dev.coro.sample;

/** Downstream failures (5xx, too slow) on a real PostgreSQL (see {@link PostgresTest}). */
@PostgresTest
class PostgresDownstreamFailureTests extends DownstreamFailureTests {}
