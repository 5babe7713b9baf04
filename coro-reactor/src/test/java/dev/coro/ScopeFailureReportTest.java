package dev.coro;

import static dev.coro.Coro.await;
import static dev.coro.CoroMonoTest.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.publisher.PublisherProbe;

/** Issue 14, point 3: a fork's failure shows where its scope was opened, and a cancelled fork says who cancelled it. */
class ScopeFailureReportTest {

    @Test
    void aForksFailureRethrownByTheScopeCarriesTheLineThatOpenedTheScope() {
        IOException failure = new IOException("backend down");
        AtomicReference<String> forkName = new AtomicReference<>();
        AtomicReference<String> parentName = new AtomicReference<>();
        Mono<String> mono = Coro.mono(() -> {
            parentName.set(Thread.currentThread().getName());
            return openTheScopeHere(failure, forkName);
        });
        assertThatThrownBy(() -> mono.block(Duration.ofSeconds(5))).hasCause(failure);

        AwaitCallSite site = callSite(failure);
        assertThat(site)
                .hasMessage("Rethrown by Coro.scope in coroutine '" + parentName.get() + "': its fork '"
                        + forkName.get() + "' failed, and the forks still running were cancelled");
        // The fork's own trace ends in the fork's thread; the call site is the parent's frame that opened the scope.
        assertThat(Arrays.stream(failure.getStackTrace()).map(StackTraceElement::getMethodName))
                .doesNotContain("openTheScopeHere");
        assertThat(Arrays.stream(site.getStackTrace()).map(StackTraceElement::getMethodName))
                .contains("openTheScopeHere");
    }

    @Test
    void aFailureTheBodyJoinedStillCarriesTheScopesCallSite() {
        // The body's join wakes as soon as the fork is done, racing the fork's own report to its scope: the body's
        // clean-up must not cancel the finished fork and so turn its failure into "cancelled". Many rounds catch it.
        for (int round = 0; round < 300; round++) {
            IllegalStateException failure = new IllegalStateException("round " + round);
            assertThatThrownBy(() -> Coro.mono(() -> Coro.scope(scope -> {
                                Fork<Object> f = scope.fork(() -> {
                                    throw failure;
                                });
                                return f.join();
                            }))
                            .block(Duration.ofSeconds(5)))
                    .isSameAs(failure);
            assertThat(failure.getSuppressed())
                    .filteredOn(AwaitCallSite.class::isInstance)
                    .extracting(Throwable::getMessage)
                    .anySatisfy(m -> assertThat(m).startsWith("Rethrown by Coro.scope"));
        }
    }

    private static String openTheScopeHere(IOException failure, AtomicReference<String> forkName) {
        return Coro.scope(scope -> {
            scope.fork(() -> {
                forkName.set(Thread.currentThread().getName());
                throw failure;
            });
            return "unreachable";
        });
    }

    @Test
    void aScopeOnAPlainThreadNamesTheThread() {
        IllegalStateException failure = new IllegalStateException("no");
        assertThatThrownBy(() -> Coro.scope(scope -> scope.fork(() -> {
                    throw failure;
                })))
                .isSameAs(failure);
        assertThat(callSite(failure).getMessage())
                .startsWith("Rethrown by Coro.scope in thread '"
                        + Thread.currentThread().getName() + "'");
    }

    @Test
    void aForkCancelledByASiblingsFailureNamesTheSiblingAndHasItsFailureAsCause() {
        IllegalStateException failure = new IllegalStateException("stock service down");
        PublisherProbe<Object> slow = PublisherProbe.of(Mono.never());
        AtomicReference<CancellationException> seenBySlow = new AtomicReference<>();
        AtomicReference<String> failingName = new AtomicReference<>();
        AtomicReference<String> slowName = new AtomicReference<>();
        Mono<Object> mono = Coro.mono(() -> Coro.scope(scope -> {
            scope.fork(() -> {
                slowName.set(Thread.currentThread().getName());
                try {
                    return await(slow.mono());
                } catch (CancellationException e) {
                    seenBySlow.set(e);
                    throw e;
                }
            });
            scope.fork(() -> {
                failingName.set(Thread.currentThread().getName());
                while (!slow.wasSubscribed()) Thread.sleep(1);
                throw failure;
            });
            return null;
        }));
        assertThatThrownBy(() -> mono.block(Duration.ofSeconds(5))).isSameAs(failure);

        CancellationException e = seenBySlow.get();
        assertThat(e)
                .hasMessage("Coroutine '" + slowName.get() + "' was cancelled because its sibling '" + failingName.get()
                        + "' in the same Coro.scope failed: java.lang.IllegalStateException: stock service down")
                .hasCause(failure);
    }

    @Test
    void aForkStartedAfterASiblingFailedIsCancelledWithThatReasonBeforeItsBodyRuns() {
        IllegalStateException failure = new IllegalStateException("first");
        AtomicReference<Throwable> joined = new AtomicReference<>();
        Mono<Object> mono = Coro.mono(() -> Coro.scope(scope -> {
            scope.fork(() -> {
                throw failure;
            });
            // The failure interrupts the body (that is how it cancels the body's wait); clear it to fork once more.
            waitUntil(() -> Thread.currentThread().isInterrupted());
            Thread.interrupted();
            Fork<Object> late = scope.fork(() -> "must not run");
            try {
                late.join();
            } catch (CancellationException e) {
                joined.set(e);
            }
            return null;
        }));
        assertThatThrownBy(() -> mono.block(Duration.ofSeconds(5))).isSameAs(failure);
        assertThat(joined.get()).isInstanceOf(CancellationException.class).hasCause(failure);
        assertThat(joined.get().getMessage()).contains("was cancelled because its sibling");
    }

    @Test
    void aForkCancelledByHandKeepsThePlainMessageAndNoCause() {
        AtomicReference<CancellationException> seen = new AtomicReference<>();
        Coro.mono(() -> Coro.scope(scope -> {
                    PublisherProbe<Object> never = PublisherProbe.of(Mono.never());
                    Fork<Object> f = scope.fork(() -> {
                        try {
                            return await(never.mono());
                        } catch (CancellationException e) {
                            seen.set(e);
                            throw e;
                        }
                    });
                    while (!never.wasSubscribed()) Thread.sleep(1);
                    f.cancel();
                    return "ok";
                }))
                .block(Duration.ofSeconds(5));
        assertThat(seen.get()).hasMessageEndingWith("' was cancelled").hasNoCause();
    }

    @Test
    void callSitesCanBeTurnedOff() {
        IllegalStateException fromScope = new IllegalStateException("scope");
        IllegalStateException fromAwait = new IllegalStateException("await");
        AwaitCallSite.enabled = false;
        try {
            assertThatThrownBy(() -> Coro.scope(scope -> scope.fork(() -> {
                        throw fromScope;
                    })))
                    .isSameAs(fromScope);
            assertThatThrownBy(
                            () -> Coro.mono(() -> await(Mono.error(fromAwait))).block(Duration.ofSeconds(5)))
                    .isSameAs(fromAwait);
        } finally {
            AwaitCallSite.enabled = true;
        }
        assertThat(fromScope.getSuppressed()).isEmpty();
        assertThat(fromAwait.getSuppressed()).noneMatch(AwaitCallSite.class::isInstance); // block() adds its own
    }

    @Test
    void awaitAllRethrowsTheFirstFailureWithTheCallersCallSite() {
        IllegalStateException failure = new IllegalStateException("down");
        assertThatThrownBy(() -> Coro.mono(() -> awaitBothHere(failure)).block(Duration.ofSeconds(5)))
                .isSameAs(failure);
        assertThat(Arrays.stream(callSite(failure).getStackTrace()).map(StackTraceElement::getMethodName))
                .contains("awaitBothHere");
    }

    private static Object awaitBothHere(IllegalStateException failure) {
        return Coro.awaitAll(Mono.never(), Mono.error(failure));
    }

    private static AwaitCallSite callSite(Throwable error) {
        return Arrays.stream(error.getSuppressed())
                .filter(AwaitCallSite.class::isInstance)
                .map(AwaitCallSite.class::cast)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no call site on " + error, error));
    }
}
