package dev.coro.sample;

/** A refused downstream connection on the default database: embedded H2, in memory. */
@ShopTest
class H2ConnectionRefusedTests extends ConnectionRefusedTests {}
