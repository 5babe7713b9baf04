package dev.coro;

/**
 * The body of a two-way generator built by {@link Coro#generator(GeneratorBody)}: ordinary code that hands values to
 * its caller with {@link Yielder#yield(Object)} and receives what the caller sends back.
 *
 * <p><b>Threading, cancellation, backpressure.</b> The body runs on the generator's own coroutine, and only while the
 * caller waits in {@link Generator#send}, {@link Generator#throwInto} or {@link Generator#close}: the two never run at
 * the same time, so the body needs no synchronization with its caller. It may await publishers, throw checked
 * exceptions (rethrown to the caller) and use {@code try/finally}, which {@link Generator#close()} runs. The caller's
 * pace is the backpressure: the body is suspended at each yield until the next send.
 *
 * <pre>{@code
 * GeneratorBody<Integer, Integer> runningTotal = y -> {
 *     int total = 0;
 *     while (true) total += y.yield(total);
 * };
 * }</pre>
 *
 * @param <I> the type of the values the caller sends in
 * @param <O> the type of the values the body yields out
 */
@FunctionalInterface
public interface GeneratorBody<I, O> {

    /**
     * Runs the body; returning ends the generator, and the pending {@code send} throws
     * {@link StopIteration} (a {@code NoSuchElementException}); use {@link GeneratorFunction} to return a value.
     *
     * @param y the yielder, valid on the body's own thread only
     * @throws Exception any failure, rethrown by the pending {@code send}
     */
    void run(Yielder<I, O> y) throws Exception;
}
