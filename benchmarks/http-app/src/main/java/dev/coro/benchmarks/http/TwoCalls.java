package dev.coro.benchmarks.http;

/**
 * The answer of {@code /api/{variant}/two-calls/{id}}.
 *
 * @param id the requested id
 * @param first what the first call answered
 * @param second what the second call, fed with the first answer, answered
 */
public record TwoCalls(long id, long first, long second) {}
