package dev.coro;

import com.softwaremill.jox.ChannelClosed;
import com.softwaremill.jox.Select;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * {@code Coro.select}: channel clauses map to jox's own select clauses; each Mono (and the timeout, a
 * {@code Mono.delay}) is subscribed into a private one-slot jox channel whose receive clause joins the same jox
 * select. jox then picks the first ready clause atomically, so a channel value is taken only by the winning clause;
 * afterwards every Mono subscription is cancelled, which is a no-op for the winner, and a value a losing Mono had
 * delivered already is discarded (Reactor's discard hook; a {@link Permit} is closed).
 */
final class Selector {

    /** Which clause won, with its raw outcome. */
    private record Won(
            int index, @Nullable Object value, @Nullable Throwable error) {}

    private Selector() {}

    @SuppressWarnings("unchecked")
    static <R> @Nullable R select(SelectClause<? extends R>[] clauses) {
        Objects.requireNonNull(clauses, "Coro.select needs clauses");
        if (clauses.length == 0) {
            throw new IllegalArgumentException("Coro.select() with no clauses would wait forever: pass at least one "
                    + "clause (channel.onReceive/onSend, SelectClause.onMono/onTimeout/orElse)");
        }
        Coroutine coroutine = Coroutine.current();
        Context context = coroutine != null ? coroutine.context : Context.empty();
        List<com.softwaremill.jox.SelectClause<Object>> jox = new ArrayList<>(clauses.length);
        List<MonoSlot> monos = new ArrayList<>(2);
        com.softwaremill.jox.SelectClause<Object> fallback = null;
        try {
            for (int i = 0; i < clauses.length; i++) {
                SelectClause<? extends R> clause = Objects.requireNonNull(clauses[i], "Coro.select: clause is null");
                int index = i;
                switch (clause.kind) {
                    case RECEIVE ->
                        jox.add(((Channel<Object>) Objects.requireNonNull(clause.channel))
                                .jox.receiveClause(v -> new Won(index, v, null)));
                    case SEND ->
                        jox.add(((Channel<Object>) Objects.requireNonNull(clause.channel))
                                .jox.sendClause(
                                        Objects.requireNonNull(clause.value), () -> new Won(index, null, null)));
                    case MONO -> {
                        MonoSlot slot = new MonoSlot(index, context);
                        monos.add(slot);
                        jox.add(slot.slot.receiveClause(w -> w));
                    }
                    case DEFAULT -> {
                        if (fallback != null) {
                            throw new IllegalArgumentException(
                                    "Coro.select: more than one orElse clause; a select has at most one default");
                        }
                        fallback = Select.defaultClause(() -> new Won(index, null, null));
                    }
                }
            }
            // Subscribed only once the clauses are valid, so that a bad select leaves nothing running.
            for (MonoSlot slot : monos) {
                Objects.requireNonNull(clauses[slot.index].mono).subscribe(slot);
            }
            if (fallback != null) {
                jox.add(fallback); // jox wants the default last
            }
            com.softwaremill.jox.SelectClause<Object>[] array = jox.toArray(com.softwaremill.jox.SelectClause[]::new);
            Object r = ChannelOps.run("Coro.select", () -> Select.selectOrClosed(array));
            if (r instanceof ChannelClosed closed) {
                throw ChannelOps.closed(closed, "select", describe(clauses, closed));
            }
            Won won = (Won) r;
            if (won.error != null) {
                throw AwaitCallSite.rethrow(won.error, coroutine);
            }
            SelectClause<? extends R> winner = clauses[won.index];
            Object value = won.value;
            if (winner.kind == SelectClause.Kind.RECEIVE) {
                value = Objects.requireNonNull(winner.channel).taken(Objects.requireNonNull(value));
            }
            return winner.then.apply(value);
        } finally {
            for (MonoSlot slot : monos) {
                slot.dispose();
            }
        }
    }

    private static String describe(SelectClause<?>[] clauses, ChannelClosed closed) {
        for (SelectClause<?> c : clauses) {
            if (c.channel != null && c.channel.jox == closed.channel()) {
                return c.channel.description();
            }
        }
        return "a channel";
    }

    /**
     * A Mono clause: its one outcome goes into a private channel that the jox select receives from. A value is sent on
     * {@code onNext} rather than kept until {@code onComplete}, so that it is always either in the slot (taken by the
     * select, or drained by {@link #dispose()}) or refused by a closed slot: a losing Mono's value is never just
     * forgotten, it is discarded.
     */
    private static final class MonoSlot implements CoreSubscriber<Object>, Disposable {

        private static final AtomicReferenceFieldUpdater<MonoSlot, @Nullable Subscription> S =
                AtomicReferenceFieldUpdater.newUpdater(MonoSlot.class, Subscription.class, "s");

        final int index;
        final com.softwaremill.jox.Channel<Won> slot = com.softwaremill.jox.Channel.newBufferedChannel(1);
        private final Context context;
        private volatile @Nullable Subscription s;
        // Signals are serial (§1.3): onNext and onComplete run one after the other.
        private boolean valued;

        MonoSlot(int index, Context context) {
            this.index = index;
            this.context = context;
        }

        @Override
        public Context currentContext() {
            return context;
        }

        @Override
        public void onSubscribe(Subscription subscription) {
            // setOnce: a Mono whose onSubscribe arrives after the select ended is cancelled at once.
            if (Operators.setOnce(S, this, subscription)) {
                subscription.request(Long.MAX_VALUE);
            }
        }

        @Override
        public void onNext(Object t) {
            valued = true;
            offer(new Won(index, t, null));
        }

        @Override
        public void onError(Throwable t) {
            if (!valued) {
                offer(new Won(index, null, t));
            }
        }

        @Override
        public void onComplete() {
            if (!valued) {
                offer(new Won(index, null, null));
            }
        }

        /** One outcome per slot of capacity one: never blocks. Refused once the select ended: the value is dropped. */
        private void offer(Won won) {
            if (ChannelOps.sendNow(slot, won) instanceof ChannelClosed) {
                discard(won);
            }
        }

        /** Ends the clause: cancels the Mono (now or on a late onSubscribe) and discards a value left in the slot. */
        @Override
        public void dispose() {
            Operators.terminate(S, this);
            slot.doneOrClosed();
            // Done and buffered: receiving returns the leftover or ChannelDone at once, never blocks.
            Object left = ChannelOps.receiveNow(slot);
            if (left instanceof Won won) {
                discard(won);
            }
        }

        /**
         * A losing Mono's value: to Reactor's discard hook ({@code doOnDiscard}), as Reactor's own operators drop
         * values; and a {@link Permit} is closed, since a permit nobody holds must go back to its lock.
         */
        private void discard(Won won) {
            Object value = won.value;
            if (value != null) {
                Operators.onDiscard(value, context);
                if (value instanceof Permit permit) {
                    permit.close();
                }
            }
        }
    }
}
