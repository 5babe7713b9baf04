package dev.coro;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;

/**
 * Issue 9, defect 6: a body blocked in an interruptible call ({@code Thread.sleep}, a latch, {@code block()}, JDBC)
 * whose subscriber cancels (a client disconnect) ends by the InterruptedException that the cancel's own interrupt
 * raised. That is the cancel, not a failure: nothing may reach {@code Hooks.onErrorDropped}, which logs one ERROR with
 * a stack trace per disconnect. A real failure after the cancel still goes there.
 */
class CancelInBlockingCodeTest {

    private final Queue<Throwable> dropped = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void captureDroppedErrors() {
        Hooks.onErrorDropped(dropped::add);
    }

    @AfterEach
    void resetHooks() {
        Hooks.resetOnErrorDropped();
    }

    @Test
    void aMonoBodyInThreadSleepEndsQuietly() throws Exception {
        cancelWhileBlocked(() -> Thread.sleep(Duration.ofMinutes(1)));
        assertThat(dropped).isEmpty();
    }

    @Test
    void aMonoBodyOnALatchEndsQuietly() throws Exception {
        cancelWhileBlocked(() -> new CountDownLatch(1).await());
        assertThat(dropped).isEmpty();
    }

    @Test
    void aMonoBodyInBlockEndsQuietly() throws Exception {
        // block() wraps the InterruptedException in a RuntimeException of Reactor's.
        cancelWhileBlocked(() -> Mono.never().block());
        assertThat(dropped).isEmpty();
    }

    @Test
    void aFluxBodyInThreadSleepEndsQuietly() throws Exception {
        AtomicReference<Thread> thread = new AtomicReference<>();
        CountDownLatch blocked = new CountDownLatch(1);
        Disposable subscription = Coro.<String>flux(out -> {
                    out.yield("first");
                    thread.set(Thread.currentThread());
                    blocked.countDown();
                    Thread.sleep(Duration.ofMinutes(1));
                })
                .subscribe();
        assertThat(blocked.await(30, TimeUnit.SECONDS)).isTrue();
        subscription.dispose();
        thread.get().join(Duration.ofSeconds(30));
        assertThat(thread.get().isAlive()).isFalse();
        assertThat(dropped).isEmpty();
    }

    @Test
    void aRealFailureAfterTheCancelIsStillDropped() throws Exception {
        IllegalStateException failure = new IllegalStateException("clean-up failed");
        cancelWhileBlocked(() -> {
            try {
                Thread.sleep(Duration.ofMinutes(1));
            } catch (InterruptedException e) {
                throw failure;
            }
        });
        assertThat(dropped).containsExactly(failure);
    }

    interface Blocking {
        void run() throws Exception;
    }

    /** Runs {@code blocking} in a coroutine, disposes once it blocks, and waits for the coroutine's thread to end. */
    private static void cancelWhileBlocked(Blocking blocking) throws Exception {
        AtomicReference<Thread> thread = new AtomicReference<>();
        CountDownLatch blocked = new CountDownLatch(1);
        Disposable subscription = Coro.mono(() -> {
                    thread.set(Thread.currentThread());
                    blocked.countDown();
                    blocking.run();
                    return "unblocked";
                })
                .subscribe();
        assertThat(blocked.await(30, TimeUnit.SECONDS)).isTrue();
        subscription.dispose();
        thread.get().join(Duration.ofSeconds(30));
        assertThat(thread.get().isAlive()).isFalse();
    }
}
