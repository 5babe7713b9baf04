package dev.coro;

import org.jspecify.annotations.Nullable;

/**
 * The generator side of a two-way generator: {@link #yield(Object)} hands a value to the caller and returns what the
 * caller sends next, like Python's {@code x = yield value}.
 *
 * <p><b>Threading, cancellation, backpressure.</b> Call it only from the body's own thread (another thread gets an
 * {@link IllegalStateException}). {@code yield} suspends the body until the caller sends again; meanwhile it holds no
 * platform thread. It throws what the caller passed to {@link Generator#throwInto}, a {@link GeneratorExit} when the
 * caller closes the generator, and a {@link java.util.concurrent.CancellationException} when the caller's coroutine
 * was cancelled while waiting.
 *
 * <pre>{@code
 * Generator<Integer, String> echo = Coro.generator(y -> {
 *     Integer n = y.yield("ready");
 *     while (n != null) n = y.yield("got " + n);
 * });
 * }</pre>
 *
 * @param <I> the type of the values the caller sends in
 * @param <O> the type of the values the body yields out
 */
public interface Yielder<I, O> {

    /**
     * Hands {@code value} to the caller's pending {@code send} and suspends until the caller sends again.
     *
     * <p><b>Threading, cancellation, backpressure.</b> As the class documentation: body thread only; suspends without
     * holding a platform thread; rethrows what the caller throws in.
     *
     * <pre>{@code
     * String command = y.yield(status);
     * }</pre>
     *
     * @param value what the caller's {@code send} returns; may be {@code null}
     * @return the value of the caller's next {@code send}; {@code null} for {@code send(null)} and for iteration
     * @throws GeneratorExit when the caller closes the generator: let it propagate so {@code finally} blocks run.
     *     Also when the body was cancelled, swallowed the {@code CancellationException} and yields again: an
     *     {@link Error}, so a {@code catch (Exception e)} loop ends instead of spinning
     */
    @Nullable
    I yield(@Nullable O value);

    /**
     * Delegates to {@code other} until it returns, like Python's {@code yield from}: every value it yields goes to
     * this generator's caller, and every send, {@code throwInto} and close from the caller goes to {@code other}.
     *
     * <p><b>Threading, cancellation, backpressure.</b> Body thread only. {@code other} is started with
     * {@code send(null)} (a generator that is already suspended just receives {@code null}); closing this generator
     * closes {@code other} first. An exception {@code other} lets escape is thrown here.
     *
     * <pre>{@code
     * Generator<String, String> outer = Coro.generator(y -> {
     *     y.yield("header");
     *     y.yieldAll(Coro.generator(inner -> inner.yield("row")));
     * });
     * }</pre>
     *
     * @param other the generator to delegate to; this body owns it from now on
     * @return what {@code other}'s body returned ({@link StopIteration#value()}, PEP 380's {@code RESULT = yield from
     *     EXPR}); {@code null} for a body that returns nothing. {@link #yieldAll(ReturningGenerator)} gives it typed
     */
    @Nullable
    Object yieldAll(Generator<? super I, ? extends O> other);

    /**
     * Delegates to {@code other} until it returns and returns its return value, typed: PEP 380's
     * {@code RESULT = yield from EXPR}.
     *
     * <p><b>Threading, cancellation, backpressure.</b> As {@link #yieldAll(Generator)}.
     *
     * <pre>{@code
     * Generator<String, String> report = Coro.generator(y -> {
     *     int rows = y.yieldAll(Coro.returningGenerator(rowsOut -> {
     *         int n = 0;
     *         for (String row : List.of("a", "b")) { rowsOut.yield(row); n++; }
     *         return n;
     *     }));
     *     y.yield("total: " + rows);
     * });
     * }</pre>
     *
     * @param other the generator to delegate to; this body owns it from now on
     * @param <R> the type of {@code other}'s return value
     * @return what {@code other}'s body returned
     */
    <R> @Nullable R yieldAll(ReturningGenerator<? super I, ? extends O, R> other);
}
