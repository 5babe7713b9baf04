package dev.coro;

import java.util.NoSuchElementException;
import org.jspecify.annotations.Nullable;

/**
 * Thrown by {@link Generator#send}, {@link Generator#throwInto} and iteration when the generator's body has returned,
 * like Python's {@code StopIteration}: {@link #value()} is what the body returned (PEP 380), {@code null} for a body
 * that returns nothing. A {@link NoSuchElementException}, so code written for iterators needs no change.
 *
 * <p>Thrown on the caller's thread, once the body has ended. As in Python, only the call that ran the body to its end
 * carries the value; every later call throws a new {@code StopIteration} with a {@code null} value
 * ({@link ReturningGenerator#returnValue()} keeps it). A body that lets a {@code StopIteration} escape (from another
 * generator it drives) does not end quietly: its caller gets an {@link IllegalStateException} caused by it, as PEP 479
 * turns it into a {@code RuntimeError}.
 *
 * <pre>{@code
 * Generator<Integer, String> averager = Coro.returningGenerator(y -> {
 *     int sum = 0, count = 0;
 *     for (Integer n = y.yield("ready"); n != null; n = y.yield("got " + n)) { sum += n; count++; }
 *     return count == 0 ? 0 : sum / count;
 * });
 * averager.send(null);
 * averager.send(10);
 * averager.send(20);
 * try {
 *     averager.send(null);
 * } catch (StopIteration end) {
 *     int average = (Integer) end.value(); // 15
 * }
 * }</pre>
 */
public final class StopIteration extends NoSuchElementException {

    private static final long serialVersionUID = 1L;

    private final transient @Nullable Object value;

    /**
     * Creates the end signal carrying {@code value}, for an implementation of {@link Generator} of one's own (a
     * delegating {@link Yielder#yieldAll} takes its value as the delegate's return value, as Python's
     * {@code yield from} takes a custom iterator's {@code StopIteration(value)}).
     *
     * <pre>{@code
     * public String send(Object in) {
     *     if (done) throw new StopIteration(total);
     *     ...
     * }
     * }</pre>
     *
     * @param value the return value; may be {@code null}
     */
    public StopIteration(@Nullable Object value) {
        this("The generator has returned: it has no more values", value);
    }

    StopIteration(String message, @Nullable Object value) {
        super(message);
        this.value = value;
    }

    /**
     * Returns what the generator's body returned, Python's {@code StopIteration.value}.
     *
     * @return the body's return value; {@code null} when it returned nothing, and on every call after the one that
     *     ended the body
     */
    public @Nullable Object value() {
        return value;
    }
}
