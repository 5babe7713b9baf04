package dev.coro.benchmarks;

import static dev.coro.Coro.await;

import dev.coro.Coro;
import java.io.Serial;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import reactor.core.publisher.Mono;

/**
 * What the call site attached to a rethrown error costs (issue 14): an await of a failed Mono, and a {@code Coro.scope}
 * whose fork fails, each with call sites on (the default) and off ({@code -Ddev.coro.callSites=false}, a JVM of its
 * own). The failures are new exceptions without a stack trace of their own, so that the difference between on and off
 * is the call site alone: one exception with its stack walk, attached as suppressed.
 *
 * <p>The scopes run {@value #SCOPES} at a time inside one coroutine, scored per scope: on the benchmark's own
 * (platform) thread, each scope's wake-up of an OS thread would dominate.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CallSiteBenchmark {

    static final int SCOPES = 100;

    /** A failure as a shared constant would be, but new each time: a reused one stops taking call sites after 8. */
    static final class Failure extends RuntimeException {
        @Serial
        private static final long serialVersionUID = 1L;

        Failure() {
            super("failed", null, true, false);
        }
    }

    private static Object awaitFailure() {
        try {
            return Objects.requireNonNull(await(Mono.error(new Failure())));
        } catch (Failure e) {
            return e;
        }
    }

    /** {@code await(Mono.error(e))} on the benchmark thread, call sites on. */
    @Benchmark
    public Object awaitErrorCallSiteOn() {
        return awaitFailure();
    }

    /** The same with {@code -Ddev.coro.callSites=false}. */
    @Benchmark
    @Fork(jvmArgsAppend = "-Ddev.coro.callSites=false")
    public Object awaitErrorCallSiteOff() {
        return awaitFailure();
    }

    private static int failingScopes() {
        Integer caught = Coro.mono(() -> {
                    int n = 0;
                    for (int i = 0; i < SCOPES; i++) {
                        try {
                            Coro.scope(scope -> scope.fork(() -> {
                                throw new Failure();
                            }));
                        } catch (Failure e) {
                            n++;
                        }
                    }
                    return n;
                })
                .block();
        return Objects.requireNonNull(caught);
    }

    /** A scope whose one fork fails, rethrown in the coroutine that opened it; call sites on. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @OperationsPerInvocation(SCOPES)
    public int scopeForkFailureCallSiteOn() {
        return failingScopes();
    }

    /** The same with {@code -Ddev.coro.callSites=false}. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @OperationsPerInvocation(SCOPES)
    @Fork(jvmArgsAppend = "-Ddev.coro.callSites=false")
    public int scopeForkFailureCallSiteOff() {
        return failingScopes();
    }
}
