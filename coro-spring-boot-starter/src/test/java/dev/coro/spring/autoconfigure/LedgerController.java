package dev.coro.spring.autoconfigure;

import static dev.coro.Coro.await;

import dev.coro.Coro;
import dev.coro.Fork;
import dev.coro.spring.Coroutine;
import io.r2dbc.spi.ConnectionFactory;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.reactive.TransactionSynchronization;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code @Transactional} {@code @Coroutine} handlers, and coroutine handlers calling transactional services. */
@Coroutine
@RestController
@RequestMapping("/ledger")
public class LedgerController {

    private final Ledger ledger;
    private final ConnectionFactory connections;

    public LedgerController(Ledger ledger, ConnectionFactory connections) {
        this.ledger = ledger;
        this.connections = connections;
    }

    /** Commits; inside, the await sees its own insert, while a connection outside the transaction does not yet. */
    @Transactional
    @PostMapping("/commit/{label}")
    public Map<String, Object> commit(@PathVariable String label) {
        await(ledger.insert(label));
        return Map.of(
                "inTransaction", await(ledger.count(label)),
                "outside", await(countOnFreshConnection(label)),
                "tx", Ledger.TxState.current());
    }

    @Transactional
    @PostMapping("/fail/{label}")
    public void fail(@PathVariable String label) {
        await(ledger.insert(label));
        throw new Ledger.LedgerException(label);
    }

    /** REQUIRED: the service joins this transaction, so the failure afterwards rolls back both inserts. */
    @Transactional
    @PostMapping("/joins/{label}")
    public Map<String, Object> joins(@PathVariable String label, @RequestParam boolean fail) {
        Ledger.TxState outer = Ledger.TxState.current();
        await(ledger.insert(label + "-outer"));
        Ledger.TxState inner = ledger.add(label + "-inner");
        if (fail) {
            throw new Ledger.LedgerException(label);
        }
        return Map.of("outer", outer, "inner", inner);
    }

    /** REQUIRES_NEW: the service's transaction commits on its own, whatever this one does afterwards. */
    @Transactional
    @PostMapping("/requires-new/{label}")
    public Map<String, Object> requiresNew(@PathVariable String label) {
        Ledger.TxState outer = Ledger.TxState.current();
        await(ledger.insert(label + "-outer"));
        Ledger.TxState inner = ledger.addInNewTransaction(label + "-inner");
        Ledger.TxState afterInner = Ledger.TxState.current();
        if (label.startsWith("fail")) {
            throw new Ledger.LedgerException(label);
        }
        return Map.of("outer", outer, "inner", inner, "afterInner", afterInner);
    }

    /** Not transactional itself: the service's transaction is the only one. */
    @PostMapping("/service/{label}")
    public Ledger.TxState service(@PathVariable String label) {
        if (label.startsWith("fail")) {
            ledger.addThenFail(label);
        }
        return ledger.add(label);
    }

    @PostMapping("/read-only")
    public Map<String, Object> readOnly() {
        return Map.of("readOnly", ledger.readOnlyState(), "outside", Ledger.TxState.current());
    }

    @PostMapping("/checked/{label}")
    public void checked(@PathVariable String label) throws Ledger.LedgerCheckedException {
        if (label.startsWith("rollback")) {
            ledger.addThenFailCheckedWithRollbackFor(label);
        }
        ledger.addThenFailChecked(label);
    }

    /**
     * Forks inside a transaction join it (they inherit the Context); the scope returns only once every fork ended, so
     * all of their work is inside the transaction, and a failing fork rolls back its siblings' work too.
     */
    @Transactional
    @PostMapping("/forks/{label}")
    public List<Ledger.TxState> forks(@PathVariable String label) {
        return Coro.scope(scope -> {
            Fork<Ledger.TxState> first = scope.fork(() -> {
                await(ledger.insert(label));
                return Ledger.TxState.current();
            });
            Fork<Ledger.TxState> second = scope.fork(() -> {
                await(ledger.insert(label));
                return Ledger.TxState.current();
            });
            Fork<Ledger.TxState> third = scope.fork(() -> {
                Ledger.TxState state = ledger.add(label);
                if (label.startsWith("fail")) {
                    first.join();
                    second.join();
                    throw new Ledger.LedgerException(label);
                }
                return state;
            });
            return List.of(first.join(), second.join(), third.join());
        });
    }

    /** How each {@code /hang} transaction ended, by label: proof of a rollback that leaves no row to look at. */
    final Map<String, Integer> completions = new java.util.concurrent.ConcurrentHashMap<>();

    final java.util.Set<String> hanging = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public Integer completion(String label) {
        return completions.get(label);
    }

    public boolean isHanging(String label) {
        return hanging.contains(label);
    }

    /** Inserts, then waits for ever: only a client disconnect ends it, which must roll the transaction back. */
    @Transactional
    @PostMapping("/hang/{label}")
    public void hang(@PathVariable String label) {
        await(TransactionSynchronizationManager.forCurrentTransaction()
                .doOnNext(sync -> sync.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public Mono<Void> afterCompletion(int status) {
                        return Mono.fromRunnable(() -> completions.put(label, status));
                    }
                })));
        await(ledger.insert(label));
        hanging.add(label);
        await(Mono.never());
    }

    private Mono<Long> countOnFreshConnection(String label) {
        return Mono.usingWhen(
                Mono.from(connections.create()),
                connection -> Mono.from(connection
                                .createStatement("SELECT COUNT(*) AS n FROM entry WHERE label = $1")
                                .bind("$1", label)
                                .execute())
                        .flatMap(result -> Mono.from(result.map(row -> row.get("n", Long.class)))),
                connection -> Mono.from(connection.close()));
    }

    @ExceptionHandler(Ledger.LedgerException.class)
    ResponseEntity<Map<String, String>> rolledBack(Ledger.LedgerException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("error", String.valueOf(e.getMessage())));
    }

    @ExceptionHandler(Ledger.LedgerCheckedException.class)
    ResponseEntity<Map<String, String>> checkedFailure(Ledger.LedgerCheckedException e) {
        return ResponseEntity.status(HttpStatus.UNPROCESSABLE_CONTENT)
                .body(Map.of("error", String.valueOf(e.getMessage())));
    }
}
