package dev.coro;

import org.jspecify.annotations.Nullable;

/**
 * The body of a two-way generator that returns a value when it ends, built by
 * {@link Coro#returningGenerator(GeneratorFunction)}: Python's generator with {@code return value} (PEP 380).
 *
 * <p><b>Threading, cancellation, backpressure.</b> As {@link GeneratorBody}: the body runs on the generator's own
 * coroutine, only while the caller waits in {@code send}, {@code throwInto} or {@code close}. Its return value reaches
 * the caller as {@link StopIteration#value()} of the {@code send} that ran it to its end, as
 * {@link ReturningGenerator#returnValue()}, and as the result of {@link Yielder#yieldAll(ReturningGenerator)} in a
 * delegating generator.
 *
 * <pre>{@code
 * GeneratorFunction<String, Object, Integer> lineCounter = y -> {
 *     int lines = 0;
 *     for (String line = y.yield(null); line != null; line = y.yield(null)) lines++;
 *     return lines;
 * };
 * }</pre>
 *
 * @param <I> the type of the values the caller sends in
 * @param <O> the type of the values the body yields out
 * @param <R> the type of the body's return value
 */
@FunctionalInterface
public interface GeneratorFunction<I, O, R> {

    /**
     * Runs the body; its return ends the generator and becomes the pending {@code send}'s {@link StopIteration}
     * value.
     *
     * @param y the yielder, valid on the body's own thread only
     * @return the generator's return value; may be {@code null}
     * @throws Exception any failure, rethrown by the pending {@code send}
     */
    @Nullable
    R apply(Yielder<I, O> y) throws Exception;
}
