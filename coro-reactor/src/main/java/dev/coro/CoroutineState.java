package dev.coro;

/** What a live coroutine is doing, as shown in {@link CoroScheduler#coroutines()}. */
public enum CoroutineState {
    /** Waiting for a slot because the scheduler's {@code maxConcurrency} is reached. */
    QUEUED,
    /** Running code on its thread. */
    RUNNING,
    /** Suspended in an await, or in a generator's {@code yield} waiting for demand. */
    SUSPENDED
}
