package dev.coro.sample;

/** A refused downstream connection on a real PostgreSQL (see {@link PostgresTest}). */
@PostgresTest
class PostgresConnectionRefusedTests extends ConnectionRefusedTests {}
