package dev.coro;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;

/**
 * A Go-style channel between coroutines: {@link #send} suspends while the channel is full (a rendezvous channel
 * until a receiver takes the value), {@link #receive} suspends while it is empty, and {@link #done()} closes it
 * like Go's {@code close(ch)}. Made by {@link Coro#channel()}, {@link Coro#channel(int)},
 * {@link Coro#unlimitedChannel()} and {@link Coro#channel(org.reactivestreams.Publisher, int)}.
 *
 * <p><b>Threading, cancellation, backpressure.</b> Any number of coroutines (or threads) may send and receive
 * concurrently; each value goes to exactly one receiver, in FIFO order. Waiting suspends a coroutine (outside one it
 * blocks the thread, and is refused on an event loop); cancelling the coroutine makes the wait throw
 * {@link java.util.concurrent.CancellationException}. The capacity is the backpressure: a full channel suspends its
 * senders. {@link #asFlux()} receives only on demand. No operation spins: a waiter parks (Go's design: a lock per
 * channel and queues of parked waiters; see docs/adr/0005-own-channels.md). A {@code send} that a receiver took in
 * the instant of a cancel stays delivered although it throws (as in Kotlin); a value a cancelled {@code receive} had
 * taken goes to Reactor's discard hook.
 *
 * <pre>{@code
 * Channel<Order> orders = Coro.channel(16);
 * Coro.mono(() -> { for (Order o : repository.all()) orders.send(o); orders.done(); return null; }).subscribe();
 * for (Order o : orders) process(o);   // until done
 * }</pre>
 *
 * @param <T> the type of the values
 */
public final class Channel<T> implements Iterable<T> {

    final ChannelCore core;
    private final String description;
    /** For a channel fed by a publisher: the subscription that refills demand and is cancelled on close. */
    private final @Nullable ChannelFeed<T> feed;

    Channel(ChannelCore core, String description, @Nullable ChannelFeed<T> feed) {
        this.core = core;
        this.description = description;
        this.feed = feed;
    }

    /**
     * Sends {@code value}, suspending while the channel has no room for it.
     *
     * <p><b>Threading, cancellation, backpressure.</b> As the class documentation; a rendezvous channel returns once
     * a receiver has the value.
     *
     * <pre>{@code
     * results.send(compute(task));
     * }</pre>
     *
     * @param value the value, not {@code null}
     * @throws ChannelClosedException when the channel was closed by {@code done()} or {@code error()}
     */
    public void send(T value) {
        Objects.requireNonNull(value, "Channel.send(null): channels carry non-null values; send a placeholder");
        Object r = ChannelOps.send(core, value, "Channel.send");
        if (r instanceof ChannelCore.Closed closed) {
            throw closed(closed, "send");
        }
    }

    /**
     * Receives the next value, suspending while the channel is empty.
     *
     * <p><b>Threading, cancellation, backpressure.</b> As the class documentation.
     *
     * <pre>{@code
     * Task task = tasks.receive();
     * }</pre>
     *
     * @return the next value
     * @throws ChannelClosedException when the channel is done and drained (use {@link #receiveOrNull()} or a
     *     {@code for} loop to stop quietly)
     */
    public T receive() {
        T value = receiveOrNull();
        if (value == null) {
            throw new ChannelClosedException(
                    "receive on " + description + ", which is done (closed by done() and drained)", null);
        }
        return value;
    }

    /**
     * Receives the next value, or returns {@code null} once the channel is done and drained: Go's
     * {@code v, ok := <-ch}.
     *
     * <p><b>Threading, cancellation, backpressure.</b> As the class documentation. A channel closed with
     * {@link #error(Throwable)} throws that error (the same object) once drained.
     *
     * <pre>{@code
     * for (Task t; (t = tasks.receiveOrNull()) != null; ) run(t);
     * }</pre>
     *
     * @return the next value, or {@code null} when done
     */
    @SuppressWarnings("unchecked")
    public @Nullable T receiveOrNull() {
        Object r = ChannelOps.receive(core, "Channel.receive", this::lostToCancel);
        if (r instanceof ChannelCore.Closed closed) {
            if (closed.error() == null) {
                return null;
            }
            throw Sneaky.raise(closed.error());
        }
        return (T) taken(r);
    }

    /**
     * Closes the channel for sending: receivers still get the buffered values, then the end. Go's {@code close(ch)}.
     *
     * <p>Callable from any thread; never waits. Senders suspended on a full channel get {@link ChannelClosedException}.
     * On a channel fed by a publisher it also cancels the publisher.
     *
     * <pre>{@code
     * try { produce(out); } finally { out.done(); }
     * }</pre>
     *
     * @throws ChannelClosedException when the channel is closed already (as Go panics on a second close)
     */
    public void done() {
        cancelFeed();
        if (!close(null)) {
            ChannelCore.Closed closed = core.closed();
            throw new ChannelClosedException(
                    "done() on " + description + ", which is closed already: close a channel once, from the sender",
                    closed != null ? closed.error() : null);
        }
    }

    /**
     * Closes the channel with an error: buffered values are dropped, and receivers get {@code error}.
     *
     * <p>Callable from any thread; never waits. A second close is ignored, so a failing producer can always report. On
     * a channel fed by a publisher it also cancels the publisher.
     *
     * <pre>{@code
     * catch (Exception e) { out.error(e); }
     * }</pre>
     *
     * @param error what receivers get
     */
    public void error(Throwable error) {
        Objects.requireNonNull(error, "Channel.error(null): pass the failure receivers should get");
        cancelFeed();
        close(error);
    }

    /**
     * Returns whether sending is over: {@code done()} or {@code error()} was called.
     *
     * <p>A snapshot, callable from any thread.
     *
     * <pre>{@code
     * if (!out.isClosedForSend()) out.send(v);
     * }</pre>
     *
     * @return {@code true} once closed
     */
    public boolean isClosedForSend() {
        return core.closed() != null;
    }

    /**
     * Returns whether receiving is over: closed and drained, or closed with an error.
     *
     * <p>A snapshot, callable from any thread.
     *
     * <pre>{@code
     * while (!in.isClosedForReceive()) handle(in.receiveOrNull());
     * }</pre>
     *
     * @return {@code true} once nothing more can be received
     */
    public boolean isClosedForReceive() {
        return core.isClosedForReceive();
    }

    /**
     * Iterates over the received values until the channel is done, like Go's {@code for v := range ch}.
     *
     * <p><b>Threading, cancellation, backpressure.</b> {@code hasNext} suspends while the channel is empty; an error
     * the channel was closed with is thrown from it. Several loops over one channel share its values.
     *
     * <pre>{@code
     * for (Result r : results) total += r.value();
     * }</pre>
     *
     * @return an iterator receiving from this channel
     */
    @Override
    public Iterator<T> iterator() {
        return new Iterator<>() {
            private @Nullable T next;

            @Override
            public boolean hasNext() {
                if (next == null) {
                    next = receiveOrNull();
                }
                return next != null;
            }

            @Override
            public T next() {
                T value = next != null ? next : receiveOrNull();
                next = null;
                if (value == null) {
                    throw new NoSuchElementException(description + " is done: no more values");
                }
                return value;
            }
        };
    }

    /**
     * Returns a Flux that receives from this channel as its subscriber requests: one receive per requested element.
     *
     * <p><b>Threading, cancellation, backpressure.</b> Each subscription runs a coroutine that receives only while
     * there is outstanding demand, so values stay in the channel (and senders stay suspended) until asked for. The
     * Flux completes when the channel is done and fails with the error it was closed with. Cancelling stops
     * receiving; a value received in the instant of the cancel goes to Reactor's discard hook.
     *
     * <pre>{@code
     * return ServerResponse.ok().body(events.asFlux(), Event.class);
     * }</pre>
     *
     * @return a cold Flux of this channel's values
     */
    public Flux<T> asFlux() {
        return Flux.defer(() -> {
            // §1.4, §1.9: a channel closed with an error (its buffered values are dropped then) fails the subscriber
            // at once, without waiting for a request; done() does not: its buffered values still go out on demand.
            ChannelCore.Closed closed = core.closed();
            if (closed != null && closed.error() != null) {
                return Flux.error(closed.error());
            }
            return new GeneratorFlux<T>(this::receiveOnDemand, null);
        });
    }

    /**
     * The generator behind {@link #asFlux()}: it waits for demand before each receive, so unrequested values stay in
     * the channel and its senders stay suspended, which a generator that received first and then waited would not.
     */
    @SuppressWarnings("unchecked")
    private void receiveOnDemand(Emitter<T> out) {
        GeneratorFlux.GeneratorSubscription<T> subscription = (GeneratorFlux.GeneratorSubscription<T>) out;
        for (; ; ) {
            subscription.awaitDemand();
            T value = receiveOrNull();
            if (value == null) {
                return;
            }
            try {
                out.yield(value);
            } catch (CancellationException e) {
                // Received in the instant of the cancel: out of the channel, so discarded, not lost silently.
                Coroutine c = Coroutine.current();
                if (c != null) {
                    Operators.onDiscard(value, c.context);
                }
                throw e;
            }
        }
    }

    /**
     * Returns a select clause that receives from this channel and maps the value with {@code then}.
     *
     * <p><b>Threading, cancellation, backpressure.</b> See {@link Coro#select}; {@code then} runs on the selecting
     * coroutine after this clause won. Selecting a channel that is done throws {@link ChannelClosedException}.
     *
     * <pre>{@code
     * String s = Coro.select(numbers.onReceive(n -> "number " + n), words.onReceive(w -> "word " + w));
     * }</pre>
     *
     * @param then maps the received value to the select's result
     * @param <R> the type of the select's result
     * @return the clause
     */
    public <R> SelectClause<R> onReceive(Function<? super T, ? extends R> then) {
        Objects.requireNonNull(then, "Channel.onReceive needs a function");
        return SelectClause.receive(this, then);
    }

    /**
     * Returns a select clause that sends {@code value} into this channel and then yields {@code then}'s result.
     *
     * <p><b>Threading, cancellation, backpressure.</b> See {@link Coro#select}; the value is sent only if this clause
     * wins.
     *
     * <pre>{@code
     * boolean sent = Coro.select(out.onSend(v, () -> true), SelectClause.orElse(() -> false));
     * }</pre>
     *
     * @param value the value to send, not {@code null}
     * @param then the select's result when the send wins
     * @param <R> the type of the select's result
     * @return the clause
     */
    public <R> SelectClause<R> onSend(T value, Supplier<? extends R> then) {
        Objects.requireNonNull(value, "Channel.onSend(null, ...): channels carry non-null values");
        Objects.requireNonNull(then, "Channel.onSend needs a supplier");
        return SelectClause.send(this, value, then);
    }

    /**
     * Called with every value a receive (of any kind) took out of the channel: refills a feeding publisher's demand,
     * and turns the publisher's queued failure into the channel's error.
     */
    Object taken(Object value) {
        ChannelFeed<T> f = feed;
        if (f != null) {
            if (value instanceof FeedError e) {
                close(e.error());
                throw Sneaky.raise(e.error());
            }
            f.consumed();
        }
        return value;
    }

    /** A value a cancelled receiver took: still counts for the feed's demand, and goes to the discard hook. */
    void lostToCancel(Object value, @Nullable Coroutine coroutine) {
        if (value instanceof FeedError e) {
            close(e.error());
            return;
        }
        ChannelFeed<T> f = feed;
        if (f != null) {
            f.consumed();
        }
        if (coroutine != null) {
            Operators.onDiscard(value, coroutine.context);
        }
    }

    /** Closes under the lock; false when it was closed already. */
    boolean close(@Nullable Throwable error) {
        core.lock.lock();
        try {
            return core.closeLocked(error);
        } finally {
            core.lock.unlock();
        }
    }

    /** The exception a send (or a select's send or receive clause) throws on a closed channel. */
    RuntimeException closed(ChannelCore.Closed closed, String operation) {
        Throwable error = closed.error();
        if (error != null) {
            if (operation.startsWith("receive") || operation.startsWith("select")) {
                // Receivers get the producer's failure itself, as an await does.
                return Sneaky.raise(error);
            }
            return new ChannelClosedException(
                    operation + " on " + description + ", which was closed with an error", error);
        }
        return new ChannelClosedException(
                operation + " on " + description + ", which is done (closed by done() and drained)", null);
    }

    private void cancelFeed() {
        Disposable f = feed;
        if (f != null) {
            f.dispose();
        }
    }

    String description() {
        return description;
    }

    @Override
    public String toString() {
        return description;
    }
}
