package dev.coro;

import com.softwaremill.jox.ChannelClosed;
import com.softwaremill.jox.ChannelDone;
import com.softwaremill.jox.ChannelError;
import java.util.concurrent.CancellationException;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;

/**
 * Runs a jox blocking call for a coroutine: it is shown as suspended in coroutine dumps, and the interrupt by which a
 * cancel wakes it becomes the coroutine's {@link CancellationException}, as for awaits.
 */
final class ChannelOps {

    /** jox parks the thread itself: a cancel needs no disposal, its interrupt wakes the call. */
    private static final Disposable NOTHING = () -> {};

    interface Blocking<V extends @Nullable Object> {
        V call() throws InterruptedException;
    }

    private ChannelOps() {}

    static <V extends @Nullable Object> V run(String what, Blocking<V> call) {
        Coroutine coroutine = Coroutine.current();
        if (coroutine == null) {
            NonBlockingGuard.check(what);
        } else if (coroutine.cancelled) {
            throw coroutine.cancellation();
        }
        long start = System.nanoTime();
        if (coroutine != null) {
            coroutine.suspend(what, NOTHING);
        }
        try {
            return call.call();
        } catch (InterruptedException e) {
            if (coroutine != null && coroutine.cancelled) {
                throw coroutine.cancellation();
            }
            Thread.currentThread().interrupt();
            CancellationException cancellation = new CancellationException(
                    what + ": thread '" + Thread.currentThread().getName() + "' was interrupted");
            cancellation.initCause(e);
            throw cancellation;
        } finally {
            if (coroutine != null) {
                coroutine.resume(System.nanoTime() - start);
            }
        }
    }

    /** The closed-channel outcome of a jox *OrClosed call, as the exception our API throws. */
    static RuntimeException closed(ChannelClosed closed, String operation, String channel) {
        if (closed instanceof ChannelError error) {
            if (operation.startsWith("receive") || operation.startsWith("select")) {
                // Receivers get the producer's failure itself, as an await does.
                return Sneaky.raise(error.cause());
            }
            return new ChannelClosedException(
                    operation + " on " + channel + ", which was closed with an error", error.cause());
        }
        if (closed instanceof ChannelDone) {
            return new ChannelClosedException(
                    operation + " on " + channel + ", which is done (closed by done() and drained)", null);
        }
        return new ChannelClosedException(operation + " on closed " + channel, null);
    }

    /**
     * Sends into a channel that has room by construction (unlimited, or a slot of one used once), from a thread that
     * must not block, such as a Reactor thread in onNext.
     */
    static <T> @Nullable Object sendNow(com.softwaremill.jox.Channel<T> channel, T value) {
        return uninterruptibly(() -> channel.sendOrClosed(value));
    }

    /** Receives from a channel known not to block (done, or with a value buffered), as {@link #sendNow} sends. */
    static @Nullable Object receiveNow(com.softwaremill.jox.Channel<?> channel) {
        return uninterruptibly(channel::receiveOrClosed);
    }

    /**
     * Runs a jox call that cannot block. An interrupt flag already set on the thread would make jox refuse; the call
     * is retried with the flag cleared and the flag is restored afterwards.
     */
    private static @Nullable Object uninterruptibly(Blocking<? extends @Nullable Object> call) {
        boolean interrupted = false;
        try {
            for (; ; ) {
                try {
                    return call.call();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
