package dev.coro.spring.autoconfigure;

import static dev.coro.Coro.await;

import io.r2dbc.spi.ConnectionFactory;
import java.util.Objects;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;
import reactor.core.publisher.Mono;

/** A service with plain-returning {@code @Transactional} methods, called from inside coroutines. */
public class Ledger {

    private final DatabaseClient db;

    public Ledger(ConnectionFactory connections) {
        this.db = DatabaseClient.create(connections);
    }

    public Mono<Long> insert(String label) {
        return db.sql("INSERT INTO entry (label) VALUES (:label)")
                .bind("label", label)
                .fetch()
                .rowsUpdated();
    }

    /** Rows with this label, as seen by whatever transaction the subscription carries (none: a fresh connection). */
    public Mono<Long> count(String label) {
        return db.sql("SELECT COUNT(*) AS n FROM entry WHERE label = :label")
                .bind("label", label)
                .map(row -> Objects.requireNonNull(row.get("n", Long.class)))
                .one();
    }

    @Transactional
    public TxState add(String label) {
        await(insert(label));
        return TxState.current();
    }

    @Transactional
    public void addThenFail(String label) {
        await(insert(label));
        throw new LedgerException(label);
    }

    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public TxState addInNewTransaction(String label) {
        await(insert(label));
        return TxState.current();
    }

    @Transactional(readOnly = true)
    public TxState readOnlyState() {
        return TxState.current();
    }

    /** A checked exception: by Spring's rule it commits, unless {@code rollbackFor} names it. */
    @Transactional
    public void addThenFailChecked(String label) throws LedgerCheckedException {
        await(insert(label));
        throw new LedgerCheckedException(label);
    }

    @Transactional(rollbackFor = LedgerCheckedException.class)
    public void addThenFailCheckedWithRollbackFor(String label) throws LedgerCheckedException {
        await(insert(label));
        throw new LedgerCheckedException(label);
    }

    /** What the transaction in the Reactor Context of the awaiting coroutine is, if any. */
    public record TxState(boolean active, boolean readOnly, String name) {

        static TxState current() {
            return await(TransactionSynchronizationManager.forCurrentTransaction()
                    .map(t -> new TxState(
                            t.isActualTransactionActive(),
                            t.isCurrentTransactionReadOnly(),
                            String.valueOf(t.getCurrentTransactionName())))
                    .onErrorReturn(new TxState(false, false, "none")));
        }
    }

    public static class LedgerException extends RuntimeException {
        public LedgerException(String label) {
            super("rolled back: " + label);
        }
    }

    public static class LedgerCheckedException extends Exception {
        public LedgerCheckedException(String label) {
            super("checked: " + label);
        }
    }
}
