package dev.coro;

/**
 * The failure of a publisher feeding a channel, queued behind the values it emitted before failing: the channel's
 * {@code error()} would drop those values, while Reactive Streams delivers them first. The receive that meets it
 * closes the channel with the error (so every receiver sees it) and throws.
 */
record FeedError(Throwable error) {}
