package dev.coro;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * {@code Coro.select}, after Go's {@code selectgo}: lock every channel of the select in a fixed order (ascending id,
 * each once even when it appears in several clauses), look at the clauses in poll order (a random permutation for a
 * fair select, declaration order for a biased one) and take the first that can go on; else queue one node per channel
 * clause, in the same poll order, unlock and park. The first party to complete one of the nodes claims the waiter
 * (one CAS), and the waiter unlinks its other nodes when it wakes.
 *
 * <p>Monos (and the timeout, a {@code Mono.delay}) are subscribed before the channels are looked at; each records its
 * outcome in its {@link SelectMono} and claims the waiter if it waits. While the selecting thread holds its locks and
 * scans, a Mono only records: the scan sees it as a ready clause in poll order, and after queueing the thread checks
 * the Monos once more before it parks (the Mono writes, then reads the state; the thread writes the state, then reads
 * the Monos: one of the two sees the other).
 */
final class Selector {

    private static final Comparator<ChannelCore> LOCK_ORDER = Comparator.comparingLong(c -> c.id);

    private Selector() {}

    @SuppressWarnings("unchecked")
    static <R> @Nullable R select(SelectClause<? extends R>[] clauses, boolean fair) {
        Objects.requireNonNull(clauses, "Coro.select needs clauses");
        int n = clauses.length;
        if (n == 0) {
            throw new IllegalArgumentException("Coro.select() with no clauses would wait forever: pass at least one "
                    + "clause (channel.onReceive/onSend, SelectClause.onMono/onTimeout/orElse)");
        }
        int fallback = -1;
        int monoCount = 0;
        ChannelCore[] cores = new ChannelCore[n];
        int coreCount = 0;
        for (int i = 0; i < n; i++) {
            SelectClause<? extends R> clause = Objects.requireNonNull(clauses[i], "Coro.select: clause is null");
            switch (clause.kind) {
                case RECEIVE, SEND -> cores[coreCount++] = Objects.requireNonNull(clause.channel).core;
                case MONO -> monoCount++;
                case DEFAULT -> {
                    if (fallback >= 0) {
                        throw new IllegalArgumentException(
                                "Coro.select: more than one orElse clause; a select has at most one default");
                    }
                    fallback = i;
                }
            }
        }
        // A select with a default never waits, so only the cancel check applies to it, not the event-loop guard.
        Coroutine coroutine = fallback >= 0 ? Coroutine.current() : Suspension.enter("Coro.select");
        if (coroutine != null && coroutine.cancelled) {
            throw coroutine.cancellation();
        }
        ChannelCore[] locks = lockOrder(cores, coreCount);
        ChannelWaiter waiter = new ChannelWaiter(Thread.currentThread(), ChannelWaiter.SCANNING);
        @Nullable ChannelNode[] nodes = new ChannelNode[n];
        @Nullable SelectMono @Nullable [] monos = monoCount == 0 ? null : new SelectMono[n];
        Context context = coroutine != null ? coroutine.context : Context.empty();
        int won = -1;
        @Nullable Object outcome = null;
        try {
            if (monos != null) {
                for (int i = 0; i < n; i++) {
                    if (clauses[i].kind == SelectClause.Kind.MONO) {
                        monos[i] = new SelectMono(waiter, i, context);
                    }
                }
                // Subscribed only once the clauses are valid, so that a bad select leaves nothing running.
                for (int i = 0; i < n; i++) {
                    if (monos[i] != null) {
                        Objects.requireNonNull(clauses[i].mono).subscribe(monos[i]);
                    }
                }
            }
            boolean waiting = false;
            lockAll(locks);
            try {
                int[] order = fair && n > 1 ? shuffled(n) : null;
                for (int k = 0; k < n; k++) {
                    int i = order != null ? order[k] : k;
                    SelectClause<? extends R> clause = clauses[i];
                    Object r = switch (clause.kind) {
                        case RECEIVE ->
                            Objects.requireNonNull(clause.channel).core.tryReceiveLocked();
                        case SEND ->
                            Objects.requireNonNull(clause.channel)
                                    .core
                                    .trySendLocked(Objects.requireNonNull(clause.value));
                        case MONO -> Objects.requireNonNull(monos)[i].isDone() ? SelectMono.DONE : null;
                        case DEFAULT -> null;
                    };
                    if (r != null && r != ChannelCore.NOT_READY) {
                        won = i;
                        outcome = r;
                        break;
                    }
                }
                if (won < 0 && fallback >= 0) {
                    won = fallback;
                    outcome = SelectMono.DONE;
                }
                if (won >= 0) {
                    waiter.decide(won);
                } else {
                    // Queued in poll order too: two clauses on one channel are then equally likely to meet the
                    // counterpart that comes later, as Go's lock order (a heap sort of the poll order) makes them.
                    for (int k = 0; k < n; k++) {
                        int i = order != null ? order[k] : k;
                        SelectClause<? extends R> clause = clauses[i];
                        if (clause.kind == SelectClause.Kind.RECEIVE) {
                            ChannelNode node = new ChannelNode(waiter, i, null);
                            nodes[i] = node;
                            Objects.requireNonNull(clause.channel)
                                    .core
                                    .receivers
                                    .add(node);
                        } else if (clause.kind == SelectClause.Kind.SEND) {
                            ChannelNode node = new ChannelNode(waiter, i, clause.value);
                            nodes[i] = node;
                            Objects.requireNonNull(clause.channel).core.senders.add(node);
                        }
                    }
                    waiter.state = ChannelWaiter.WAITING;
                    waiting = true;
                }
            } finally {
                unlockAll(locks);
            }
            if (waiting) {
                if (monos != null) {
                    for (SelectMono m : monos) {
                        if (m != null && m.isDone()) {
                            waiter.claim(m.clause);
                        }
                    }
                }
                try {
                    ChannelOps.park(waiter, coroutine, "Coro.select");
                } finally {
                    unlinkAll(locks, clauses, nodes);
                }
                won = waiter.state;
                ChannelNode node = nodes[won];
                outcome = node != null ? node.outcome : SelectMono.DONE;
            }
        } catch (CancellationException e) {
            lostToCancel(clauses, nodes, waiter, coroutine);
            throw e;
        } finally {
            if (monos != null) {
                for (SelectMono m : monos) {
                    if (m != null && m.clause != won) {
                        m.lose();
                    }
                }
            }
        }
        return outcome(clauses[won], ChannelOps.nonNull(outcome), monos, won, coroutine);
    }

    /** Go's poll order: a uniformly random permutation (Fisher-Yates), so every ready clause is equally likely. */
    private static int[] shuffled(int n) {
        int[] order = new int[n];
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < n; i++) {
            int j = random.nextInt(i + 1);
            order[i] = order[j];
            order[j] = i;
        }
        return order;
    }

    @SuppressWarnings("unchecked")
    private static <R> @Nullable R outcome(
            SelectClause<? extends R> winner,
            Object outcome,
            @Nullable SelectMono @Nullable [] monos,
            int won,
            @Nullable Coroutine coroutine) {
        switch (winner.kind) {
            case RECEIVE -> {
                Channel<Object> channel = (Channel<Object>) Objects.requireNonNull(winner.channel);
                if (outcome instanceof ChannelCore.Closed closed) {
                    throw channel.closed(closed, "select");
                }
                return winner.then.apply(channel.taken(outcome));
            }
            case SEND -> {
                if (outcome instanceof ChannelCore.Closed closed) {
                    throw Objects.requireNonNull(winner.channel).closed(closed, "select's send");
                }
                return winner.then.apply(null);
            }
            case MONO -> {
                SelectMono m = Objects.requireNonNull(Objects.requireNonNull(monos)[won]);
                Throwable error = m.error();
                if (error != null) {
                    throw AwaitCallSite.rethrow(error, coroutine);
                }
                return winner.then.apply(m.value());
            }
            default -> {
                return winner.then.apply(null);
            }
        }
    }

    /** A receive clause that won in the instant of a cancel took a value out of its channel: it must not vanish. */
    @SuppressWarnings("unchecked")
    private static void lostToCancel(
            SelectClause<?>[] clauses,
            @Nullable ChannelNode[] nodes,
            ChannelWaiter waiter,
            @Nullable Coroutine coroutine) {
        int won = waiter.state;
        if (won < 0 || clauses[won].kind != SelectClause.Kind.RECEIVE || nodes[won] == null) {
            return;
        }
        Object value = nodes[won].outcome;
        if (value != null && !(value instanceof ChannelCore.Closed)) {
            Channel<Object> channel = (Channel<Object>) Objects.requireNonNull(clauses[won].channel);
            channel.lostToCancel(value, coroutine);
        }
    }

    private static ChannelCore[] lockOrder(ChannelCore[] cores, int count) {
        if (count <= 1) {
            return Arrays.copyOf(cores, count);
        }
        ChannelCore[] sorted = Arrays.copyOf(cores, count);
        Arrays.sort(sorted, LOCK_ORDER);
        int distinct = 1;
        for (int i = 1; i < count; i++) {
            if (sorted[i] != sorted[distinct - 1]) {
                sorted[distinct++] = sorted[i];
            }
        }
        return distinct == count ? sorted : Arrays.copyOf(sorted, distinct);
    }

    private static void lockAll(ChannelCore[] locks) {
        for (ChannelCore c : locks) {
            c.lock.lock();
        }
    }

    private static void unlockAll(ChannelCore[] locks) {
        for (int i = locks.length - 1; i >= 0; i--) {
            locks[i].lock.unlock();
        }
    }

    /** After the wake: the nodes of the clauses that did not win are still queued; take them out. */
    private static void unlinkAll(ChannelCore[] locks, SelectClause<?>[] clauses, @Nullable ChannelNode[] nodes) {
        lockAll(locks);
        try {
            for (int i = 0; i < nodes.length; i++) {
                ChannelNode node = nodes[i];
                if (node != null && node.queued) {
                    ChannelCore core = Objects.requireNonNull(clauses[i].channel).core;
                    (clauses[i].kind == SelectClause.Kind.SEND ? core.senders : core.receivers).remove(node);
                }
            }
        } finally {
            unlockAll(locks);
        }
    }

    /** Discards a value that a losing Mono produced anyway. */
    static void discard(@Nullable Object value, Context context) {
        if (value != null) {
            Operators.onDiscard(value, context);
            if (value instanceof Permit permit) {
                permit.close();
            }
        }
    }
}
