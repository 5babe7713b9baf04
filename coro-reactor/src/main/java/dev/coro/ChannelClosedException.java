package dev.coro;

import org.jspecify.annotations.Nullable;

/**
 * Thrown by a {@link Channel} operation that needs an open channel: a send after {@code done()} or {@code error()},
 * a receive after {@code done()} once the buffer is drained, a second {@code done()}.
 *
 * <p>Thrown on the calling coroutine; its cause is the error a channel was closed with, if any.
 *
 * <pre>{@code
 * try {
 *     results.send(value);
 * } catch (ChannelClosedException e) {
 *     // the consumer stopped: stop producing
 * }
 * }</pre>
 */
public final class ChannelClosedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * <pre>{@code
     * throw new ChannelClosedException("send on jobs, which is done", null);
     * }</pre>
     *
     * @param message what was attempted on which channel
     * @param cause the error the channel was closed with, or {@code null} when it was closed by {@code done()}
     */
    public ChannelClosedException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
