package dev.coro;

import org.jspecify.annotations.Nullable;

/**
 * A two-way generator with Python's PEP 342 semantics: {@link #send(Object)} resumes the body until its next
 * {@link Yielder#yield(Object)} and returns the yielded value, and the yield returns what was sent.
 *
 * <p><b>Threading, cancellation, backpressure.</b> The body runs on its own coroutine, only while a caller waits in
 * {@code send}, {@code throwInto} or {@code close}; one caller at a time (a concurrent or re-entrant call throws
 * {@link IllegalStateException}). The caller may be a coroutine (it is suspended, not blocked) or any other thread
 * (it waits, spinning briefly and then parking: do not call it on an event loop). If the calling coroutine is
 * cancelled while waiting, the generator is closed for good and its body cancelled. Close generators you do not
 * exhaust (try-with-resources): a body suspended at a yield holds its coroutine until then. A generator dropped
 * without {@code close()} is closed when the garbage collector collects it (its body is cancelled at the yield and its
 * {@code finally} blocks run), which may be late: a safety net, not a substitute for closing.
 *
 * <pre>{@code
 * try (Generator<Integer, Integer> averager = Coro.generator(y -> {
 *     double sum = 0; int count = 0;
 *     Integer n = y.yield(null);
 *     while (true) { sum += n; count++; n = y.yield((int) (sum / count)); }
 * })) {
 *     averager.send(null);              // start: run to the first yield
 *     averager.send(10);                // 10
 *     averager.send(20);                // 15
 * }
 * }</pre>
 *
 * @param <I> the type of the values sent in
 * @param <O> the type of the values yielded out
 */
public interface Generator<I, O> extends Iterable<O>, AutoCloseable {

    /**
     * Resumes the body with {@code value} as the result of its pending yield and returns the next yielded value.
     *
     * <p><b>Threading, cancellation, backpressure.</b> As the class documentation. The first call starts the body and
     * must pass {@code null}, as Python refuses a non-None first send.
     *
     * <pre>{@code
     * gen.send(null);                 // start
     * String reply = gen.send("ping");
     * }</pre>
     *
     * @param value what the pending yield returns; must be {@code null} on the first call
     * @return the next value the body yields
     * @throws StopIteration (a {@code NoSuchElementException}) when the body returns instead of yielding, carrying its
     *     return value; every later call throws one with a {@code null} value
     * @throws IllegalStateException for a non-null first send, after {@link #close()}, or while another call runs
     */
    @Nullable
    O send(@Nullable I value);

    /**
     * Raises {@code error} at the body's pending yield and returns the value the body yields next.
     *
     * <p><b>Threading, cancellation, backpressure.</b> As {@link #send(Object)}. On a generator not started yet, or
     * already finished, {@code error} is thrown right back (and an unstarted body never runs), as in Python.
     *
     * <pre>{@code
     * String next = gen.throwInto(new IllegalArgumentException("bad record"));
     * }</pre>
     *
     * @param error what the yield throws; checked exceptions allowed
     * @return the next value the body yields after handling {@code error}
     * @throws StopIteration when the body returns instead of yielding, carrying its return value
     */
    @Nullable
    O throwInto(Throwable error);

    /**
     * Ends the generator: raises a {@link GeneratorExit} at the pending yield so the body's {@code finally} blocks
     * run, and waits for the body to finish.
     *
     * <p><b>Threading, cancellation, backpressure.</b> As {@link #send(Object)}. Idempotent; a generator not started
     * yet is just marked closed. Returns or throws only once the body has ended. A failure other than
     * {@link GeneratorExit} that escapes the body is rethrown.
     *
     * <pre>{@code
     * try (Generator<Void, String> rows = Coro.generator(y -> exportRows(y))) {
     *     for (String row : rows) if (row.isEmpty()) break;
     * } // close(): the export's finally blocks run here
     * }</pre>
     *
     * @throws IllegalStateException when the body catches the {@code GeneratorExit} and yields again
     */
    @Override
    void close();
}
