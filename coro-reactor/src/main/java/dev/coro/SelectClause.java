package dev.coro;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * One alternative of {@link Coro#select}: a channel receive or send ({@link Channel#onReceive},
 * {@link Channel#onSend}), a Mono ({@link #onMono}), a timeout ({@link #onTimeout}) or a default ({@link #orElse}).
 *
 * <p><b>Threading, cancellation, backpressure.</b> A clause is a description: nothing is subscribed, received or
 * sent until a {@code select} runs it, and only the winning clause takes effect (the losing Monos are cancelled).
 * Clauses may be reused across selects. The mapping function runs on the selecting coroutine.
 *
 * <pre>{@code
 * String winner = Coro.select(
 *         jobs.onReceive(job -> "job " + job.id()),
 *         SelectClause.onMono(shutdownSignal, s -> "shutdown"),
 *         SelectClause.onTimeout(Duration.ofSeconds(30), () -> "idle"));
 * }</pre>
 *
 * @param <R> the type of the select's result when this clause wins
 */
public final class SelectClause<R> {

    enum Kind {
        RECEIVE,
        SEND,
        MONO,
        DEFAULT
    }

    final Kind kind;
    final @Nullable Channel<?> channel;
    final @Nullable Object value;
    final @Nullable Mono<?> mono;
    /** Maps the raw outcome (received value, Mono value or null) to the result. */
    final Function<@Nullable Object, ? extends R> then;

    private SelectClause(
            Kind kind,
            @Nullable Channel<?> channel,
            @Nullable Object value,
            @Nullable Mono<?> mono,
            Function<@Nullable Object, ? extends R> then) {
        this.kind = kind;
        this.channel = channel;
        this.value = value;
        this.mono = mono;
        this.then = then;
    }

    @SuppressWarnings("unchecked")
    static <T, R> SelectClause<R> receive(Channel<T> channel, Function<? super T, ? extends R> then) {
        // Never null: channels carry non-null values (Channel.send refuses null).
        return new SelectClause<>(Kind.RECEIVE, channel, null, null, v -> then.apply((T) Objects.requireNonNull(v)));
    }

    static <T, R> SelectClause<R> send(Channel<T> channel, T value, Supplier<? extends R> then) {
        return new SelectClause<>(Kind.SEND, channel, value, null, v -> then.get());
    }

    /**
     * Returns a clause that wins when {@code mono} completes first; its value ({@code null} if empty) is mapped with
     * {@code then}, and its error is thrown by the select.
     *
     * <p><b>Threading, cancellation, backpressure.</b> The Mono is subscribed when the select starts, with the
     * selecting coroutine's Reactor {@code Context}, and cancelled if another clause wins. A value it produced anyway
     * goes to Reactor's discard hook ({@code Operators.onDiscard}); a {@link Permit} is also closed.
     *
     * <pre>{@code
     * Coro.select(SelectClause.onMono(primary.fetch(id), v -> v), SelectClause.onMono(replica.fetch(id), v -> v));
     * }</pre>
     *
     * @param mono the Mono to race
     * @param then maps its value, {@code null} when it completed empty
     * @param <T> the type of the Mono's value
     * @param <R> the type of the select's result
     * @return the clause
     */
    @SuppressWarnings("unchecked")
    public static <T, R> SelectClause<R> onMono(Mono<T> mono, Function<? super @Nullable T, ? extends R> then) {
        Objects.requireNonNull(mono, "SelectClause.onMono needs a Mono");
        Objects.requireNonNull(then, "SelectClause.onMono needs a function");
        // Spelled without the wildcard: NullAway does not read the @Nullable in a "? super" bound yet.
        Function<@Nullable T, ? extends R> f = (Function<@Nullable T, ? extends R>) then;
        return new SelectClause<>(Kind.MONO, null, null, mono, v -> f.apply((T) v));
    }

    /**
     * Returns a clause that wins when nothing else did within {@code timeout}, on Reactor's timer.
     *
     * <p><b>Threading, cancellation, backpressure.</b> The timer is {@code Mono.delay(timeout)}, so
     * {@code StepVerifier.withVirtualTime} drives it; it is cancelled when another clause wins. A zero timeout has
     * expired already: it is ready when the select looks, like a ready channel (a fair select picks among several at
     * random), as Kotlin's {@code onTimeout(0)}.
     *
     * <pre>{@code
     * Coro.select(events.onReceive(e -> e), SelectClause.onTimeout(Duration.ofSeconds(5), () -> Event.HEARTBEAT));
     * }</pre>
     *
     * @param timeout how long to wait, zero or more
     * @param then the select's result on timeout
     * @param <R> the type of the select's result
     * @return the clause
     * @throws IllegalArgumentException when {@code timeout} is negative
     */
    public static <R> SelectClause<R> onTimeout(Duration timeout, Supplier<? extends R> then) {
        Timers.check("SelectClause.onTimeout", timeout);
        Objects.requireNonNull(then, "SelectClause.onTimeout needs a supplier");
        Mono<Long> timer = timeout.isZero() ? Mono.just(0L) : Mono.defer(() -> Timers.delay(timeout));
        return new SelectClause<>(Kind.MONO, null, null, timer, v -> then.get());
    }

    /**
     * Returns a default clause: the select returns its result at once when no other clause is ready, like Go's
     * {@code default:} case.
     *
     * <p><b>Threading, cancellation, backpressure.</b> A select with a default never suspends. At most one per
     * select.
     *
     * <pre>{@code
     * Job job = Coro.select(jobs.onReceive(j -> j), SelectClause.orElse(() -> null)); // poll
     * }</pre>
     *
     * @param then the select's result when nothing was ready
     * @param <R> the type of the select's result
     * @return the clause
     */
    public static <R> SelectClause<R> orElse(Supplier<? extends R> then) {
        Objects.requireNonNull(then, "SelectClause.orElse needs a supplier");
        return new SelectClause<>(Kind.DEFAULT, null, null, null, v -> then.get());
    }

    @Override
    public String toString() {
        return switch (kind) {
            case RECEIVE -> "onReceive(" + channel + ")";
            case SEND -> "onSend(" + channel + ")";
            case MONO -> "onMono(" + mono + ")";
            case DEFAULT -> "orElse";
        };
    }
}
