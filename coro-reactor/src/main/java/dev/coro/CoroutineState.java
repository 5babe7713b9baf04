package dev.coro;

/**
 * What a live coroutine is doing, as shown in {@link CoroScheduler#coroutines()}.
 *
 * <p>A state is a snapshot read without stopping the coroutine; a coroutine SUSPENDED in a generator's {@code yield} is
 * waiting for demand (backpressure), one SUSPENDED in an await for its publisher. Cancelling a QUEUED coroutine removes
 * it from the queue without running its body.
 *
 * <pre>{@code
 * long waiting = scheduler.coroutines().stream().filter(c -> c.state() == CoroutineState.QUEUED).count();
 * }</pre>
 */
public enum CoroutineState {
    /**
     * Waiting for a slot because the scheduler's {@code maxConcurrency} is reached.
     *
     * <p>The body has not started; the coroutine parks in FIFO order, and a cancel removes it from the queue without
     * running the body.
     *
     * <pre>{@code
     * boolean waitingForSlot = info.state() == CoroutineState.QUEUED;
     * }</pre>
     */
    QUEUED,
    /**
     * Running code on its thread.
     *
     * <p>Includes blocking code (a {@code Thread.sleep}, JDBC), which a cancel interrupts; only awaits and
     * {@code yield} count as SUSPENDED.
     *
     * <pre>{@code
     * boolean busy = info.state() == CoroutineState.RUNNING;
     * }</pre>
     */
    RUNNING,
    /**
     * Suspended in an await, or in a generator's {@code yield} waiting for demand.
     *
     * <p>{@link CoroutineInfo#awaiting()} says on what; a {@code yield} here means the subscriber applies backpressure.
     * A cancel disposes what it awaits and resumes it with a {@link java.util.concurrent.CancellationException}.
     *
     * <pre>{@code
     * scheduler.coroutines().stream().filter(c -> c.state() == CoroutineState.SUSPENDED).map(CoroutineInfo::awaiting)
     * }</pre>
     */
    SUSPENDED
}
