package dev.coro;

/**
 * What a live coroutine is doing, as shown in {@link CoroScheduler#coroutines()}.
 *
 * <p><b>Threading, cancellation, backpressure.</b> A state is a snapshot read without stopping the coroutine; a
 * coroutine SUSPENDED in a generator's {@code yield} is waiting for demand (backpressure), one SUSPENDED in an await
 * for its publisher. Cancelling a QUEUED coroutine removes it from the queue without running its body.
 *
 * <pre>{@code
 * long waiting = scheduler.coroutines().stream().filter(c -> c.state() == CoroutineState.QUEUED).count();
 * }</pre>
 */
public enum CoroutineState {
    /** Waiting for a slot because the scheduler's {@code maxConcurrency} is reached. */
    QUEUED,
    /** Running code on its thread. */
    RUNNING,
    /** Suspended in an await, or in a generator's {@code yield} waiting for demand. */
    SUSPENDED
}
