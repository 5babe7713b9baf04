package dev.coro.sample.lab;

/**
 * A run the page asks for: {@code requests} GETs of one endpoint of one variant, {@code concurrency} at once.
 *
 * @param variant {@code coro}, {@code callback} or {@code blocking}
 * @param endpoint {@code orders} (GET /api/{variant}/orders/1: two queries and a downstream call) or {@code delay}
 *     (GET /api/{variant}/delay: a timer)
 * @param requests how many requests
 * @param concurrency the most in flight at once
 * @param delayMillis for {@code delay}: how long each request waits
 */
record LabRequest(String variant, String endpoint, int requests, int concurrency, long delayMillis) {}
