package dev.coro.spring;

/** A request and response body of the test controllers. */
record Order(long id, String item, String thread) {}
