/**
 * A Spring Boot app for HTTP benchmarks: the same two requests answered in four styles, side by side in one process,
 * so that a load tool alternating between them measures the handler style and nothing else.
 *
 * <ul>
 *   <li>{@code GET /api/{variant}/two-calls/{id}}: two async calls in sequence ({@link AsyncSource}), the minimal
 *       handler of issue 12;
 *   <li>{@code GET /api/{variant}/orders/{id}}: the sample shop's order read (order with its lines, then its customer,
 *       both over R2DBC on the sample's H2 schema, then a shipping quote from the simulated downstream over
 *       WebClient), the sample's handler reproduced in each style.
 * </ul>
 *
 * <p>Variants: {@code callback} ({@link CallbackController}), {@code coro} ({@link CoroController}), {@code kotlin}
 * ({@code KotlinController}, a Kotlin {@code suspend fun} run by Spring's own coroutine support) and {@code blocking}
 * ({@link BlockingController}, {@code .block()} on Spring's blocking execution with virtual threads).
 */
@NullMarked
package dev.coro.benchmarks.http;

import org.jspecify.annotations.NullMarked;
