package dev.coro;

import org.jspecify.annotations.Nullable;

/**
 * A two-way {@link Generator} whose body returns a value (Python's {@code return value} in a generator, PEP 380), built
 * by {@link Coro#returningGenerator(GeneratorFunction)}. The value arrives as {@link StopIteration#value()} of the call
 * that ran the body to its end, stays readable, typed, as {@link #returnValue()}, and is what
 * {@link Yielder#yieldAll(ReturningGenerator)} returns in a delegating generator.
 *
 * <p><b>Threading, cancellation, backpressure.</b> As {@link Generator}.
 *
 * <pre>{@code
 * ReturningGenerator<Integer, Object, Integer> summer = Coro.returningGenerator(y -> {
 *     int sum = 0;
 *     for (Integer n = y.yield(null); n != null; n = y.yield(null)) sum += n;
 *     return sum;
 * });
 * summer.send(null);
 * summer.send(1);
 * summer.send(2);
 * try { summer.send(null); } catch (StopIteration end) { }
 * int sum = summer.returnValue(); // 3
 * }</pre>
 *
 * @param <I> the type of the values sent in
 * @param <O> the type of the values yielded out
 * @param <R> the type of the body's return value
 */
public interface ReturningGenerator<I, O, R> extends Generator<I, O> {

    /**
     * Returns what the body returned, once it has.
     *
     * @return the body's return value, {@code null} if it returned {@code null}
     * @throws IllegalStateException when the body has not returned: it is not started, suspended at a yield, failed,
     *     or was closed before its end
     */
    @Nullable
    R returnValue();
}
