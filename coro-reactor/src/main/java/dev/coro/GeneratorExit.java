package dev.coro;

/**
 * Thrown at a generator's suspended {@link Yielder#yield(Object)} by {@link Generator#close()}, like Python's
 * {@code GeneratorExit}: it unwinds the body so that its {@code finally} blocks and try-with-resources run.
 *
 * <p>An {@link Error}, not an {@link Exception}: the everyday {@code catch (Exception e)} around a {@code yield} (log
 * and go on, retry) must not swallow it and keep the body running after its caller closed it. CPython moved
 * {@code GeneratorExit} out of {@code Exception} for this reason, and Java's {@code ThreadDeath} was an {@code Error}
 * for the same one (see docs/adr/0006-generatorexit-and-catch-exception.md). Catch it by name when the body must react
 * to the close, and rethrow it.
 *
 * <p>Raised on the generator's own thread. Let it propagate: a body that catches it (by name, or as {@code Throwable})
 * and yields again makes {@code close()} throw {@link IllegalStateException}, and the yield itself then throws
 * {@link java.util.concurrent.CancellationException}.
 *
 * <pre>{@code
 * Generator<Object, String> lines = Coro.generator(y -> {
 *     try (var reader = Files.newBufferedReader(path)) {
 *         for (String line; (line = reader.readLine()) != null; ) y.yield(line);
 *     } // close() ends up here: the reader is closed
 * });
 * }</pre>
 */
public final class GeneratorExit extends Error {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exit signal; it carries no stack trace, being control flow rather than a failure.
     *
     * <p>{@link Generator#close()} creates it and throws it on the generator's own thread; user code does not need to
     * create one, only to let it propagate.
     *
     * <pre>{@code
     * } catch (GeneratorExit exit) {
     *     log.debug("consumer closed the generator");
     *     throw exit;
     * }
     * }</pre>
     */
    public GeneratorExit() {
        super("Generator.close() asked the generator body to exit; let this exception propagate", null, false, false);
    }
}
