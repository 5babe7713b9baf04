package dev.coro;

import com.softwaremill.jox.ChannelClosed;
import com.softwaremill.jox.Select;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
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
 * afterwards every Mono subscription is cancelled, which is a no-op for the winner.
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
            Won won = (Won) Objects.requireNonNull(r);
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

    /** A Mono clause: its one outcome goes into a private channel that the jox select receives from. */
    private static final class MonoSlot implements CoreSubscriber<Object>, Disposable {
        final int index;
        final com.softwaremill.jox.Channel<Won> slot = com.softwaremill.jox.Channel.newBufferedChannel(1);
        private final Context context;
        private volatile @Nullable Subscription s;
        private @Nullable Object value;

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
            if (Operators.validate(s, subscription)) {
                s = subscription;
                subscription.request(Long.MAX_VALUE);
            }
        }

        @Override
        public void onNext(Object t) {
            value = t;
        }

        @Override
        public void onError(Throwable t) {
            // One outcome per slot of capacity one: never blocks.
            ChannelOps.sendNow(slot, new Won(index, null, t));
        }

        @Override
        public void onComplete() {
            ChannelOps.sendNow(slot, new Won(index, value, null));
        }

        @Override
        public void dispose() {
            Subscription current = s;
            if (current != null) {
                current.cancel();
            }
            slot.doneOrClosed();
        }
    }
}
