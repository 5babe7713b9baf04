package dev.coro.sample;

/** Downstream failures (5xx, too slow) on the default database: embedded H2, in memory. */
@ShopTest
class H2DownstreamFailureTests extends DownstreamFailureTests {}
