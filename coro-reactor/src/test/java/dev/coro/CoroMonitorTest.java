package dev.coro;

import static dev.coro.Coro.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Sinks;
import reactor.util.context.Context;

class CoroMonitorTest {

    private final List<CoroutineStall> stalls = new CopyOnWriteArrayList<>();
    private CoroMonitor monitor;

    @AfterEach
    void close() {
        if (monitor != null) {
            monitor.close();
        }
    }

    // Each class initializer runs once per JVM and sleeps there: a virtual thread that blocks in a class initializer
    // stays pinned to its carrier on every JDK (JEP 491 unpinned only synchronized).
    static final class SlowInitFirst {
        static {
            sleep(150);
        }

        static void touch() {}
    }

    static final class SlowInitSecond {
        static {
            sleep(150);
        }

        static void touch() {}
    }

    static final class SlowInitSentinel {
        static {
            sleep(150);
        }

        static void touch() {}
    }

    @Test
    void aCoroutineThatBlocksInAClassInitializerIsReportedPinnedOnceWithItsNameAndStack() {
        CoroScheduler scheduler = CoroScheduler.builder().namePrefix("pin-").build();
        monitor = CoroMonitor.builder(scheduler)
                .hogging(false)
                .pinningThreshold(Duration.ofMillis(10))
                .listener(stalls::add)
                .start();
        assertThat(monitor.watchesPinning()).isTrue();

        String pinner = run(scheduler, () -> {
            SlowInitFirst.touch();
            SlowInitSecond.touch(); // pinned a second time: still one report
            return Thread.currentThread().getName();
        });
        waitFor(() -> !stalls.isEmpty());
        // JFR delivers in order: once the sentinel's pin is reported, the pinner's second one was seen too.
        String sentinel = run(scheduler, () -> {
            SlowInitSentinel.touch();
            return Thread.currentThread().getName();
        });
        waitFor(() -> stalls.stream().anyMatch(s -> s.coroutine().equals(sentinel)));

        assertThat(stalls).extracting(CoroutineStall::coroutine).containsExactly(pinner, sentinel);
        CoroutineStall stall = stalls.get(0);
        assertThat(stall.kind()).isEqualTo(CoroutineStall.Kind.PINNED);
        assertThat(stall.duration()).isGreaterThanOrEqualTo(Duration.ofMillis(10));
        assertThat(stall.reason()).contains("SlowInitFirst.<clinit>");
        assertThat(stall.stackTrace())
                .extracting(StackTraceElement::getClassName)
                .contains(SlowInitFirst.class.getName());
        assertThat(stall.describe()).startsWith("Coroutine '" + pinner + "' blocked its carrier thread for ");
        assertThat(monitor.pinnedCount()).isEqualTo(2);
    }

    @Test
    void aBodySpinningPastTheThresholdIsReportedOnceWithItsNameAndStack() {
        CoroScheduler scheduler = CoroScheduler.builder().namePrefix("hog-").build();
        monitor = CoroMonitor.builder(scheduler)
                .pinning(false)
                .hoggingThreshold(Duration.ofMillis(40))
                .listener(stalls::add)
                .start();
        HoggingWatch watch = Objects.requireNonNull(monitor.hoggingWatch());

        String spinner = run(scheduler, () -> {
            spinUntil(() -> !stalls.isEmpty());
            long until = watch.samples() + 8;
            spinUntil(() -> watch.samples() >= until); // two more thresholds: no second report
            return Thread.currentThread().getName();
        });

        assertThat(stalls).singleElement().satisfies(stall -> {
            assertThat(stall.kind()).isEqualTo(CoroutineStall.Kind.HOGGING);
            assertThat(stall.coroutine()).isEqualTo(spinner);
            assertThat(stall.duration()).isGreaterThanOrEqualTo(Duration.ofMillis(40));
            assertThat(stall.stackTrace())
                    .extracting(StackTraceElement::getMethodName)
                    .contains("spinUntil");
            assertThat(stall.describe()).contains("without a wait");
        });
        assertThat(monitor.hoggingCount()).isEqualTo(1);
    }

    /**
     * Samples driven by the test, step by step: whatever the machine's load, the coroutine that awaits between two
     * samples and the one blocked outside our waits are never running without progress across a threshold, and the
     * spinning one always is.
     */
    @Test
    void aBodyThatAwaitsBetweenSamplesOrBlocksOutsideOurWaitsIsNotReportedOneThatSpinsIs() throws Exception {
        CoroScheduler scheduler = CoroScheduler.builder().namePrefix("sampled-").build();
        Duration threshold = Duration.ofMillis(20);
        HoggingWatch watch = new HoggingWatch(scheduler, threshold, stalls::add, false);
        AtomicInteger step = new AtomicInteger();
        AtomicInteger waited = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch blocked = new CountDownLatch(1);

        AtomicReference<Sinks.One<Integer>> reply = new AtomicReference<>(Sinks.one());
        AtomicReference<Coroutine> awaiter = new AtomicReference<>();
        CompletableFuture<String> awaitsOften = start(scheduler, () -> {
            awaiter.set(Coroutine.current());
            while (true) {
                int seen = step.get();
                spinUntil(() -> step.get() != seen); // running, across the test's samples
                if (stop.get()) {
                    return Thread.currentThread().getName();
                }
                await(reply.get().asMono());
                waited.incrementAndGet();
            }
        });
        CompletableFuture<String> blocks = start(scheduler, () -> {
            blocked.await(); // parks the thread, no wait of ours: not runnable
            return Thread.currentThread().getName();
        });
        waitFor(() -> scheduler.live().stream()
                .anyMatch(c -> c.isRunning() && c.thread != null && c.thread.getState() == Thread.State.WAITING));
        for (int round = 0; round < 6; round++) {
            waitFor(() -> awaiter.get() != null && awaiter.get().isRunning());
            watch.sample();
            sleep(threshold.toMillis() + 10);
            int before = waited.get();
            Sinks.One<Integer> current = reply.get();
            step.incrementAndGet();
            // The reply comes once the coroutine is parked: a value already there would not be a wait.
            waitFor(() -> !awaiter.get().isRunning());
            reply.set(Sinks.one());
            current.tryEmitValue(round);
            waitFor(() -> waited.get() > before); // it came back from a wait since the last sample
        }
        assertThat(stalls).isEmpty();

        stop.set(true);
        step.incrementAndGet();
        blocked.countDown();
        String notReported = awaitsOften.get(60, TimeUnit.SECONDS);
        blocks.get(60, TimeUnit.SECONDS);
        AtomicBoolean spinning = new AtomicBoolean();
        CompletableFuture<String> spins = start(scheduler, () -> {
            spinning.set(true);
            spinUntil(() -> !stalls.isEmpty());
            return Thread.currentThread().getName();
        });
        waitFor(spinning::get);
        watch.sample();
        sleep(threshold.toMillis() + 10);
        watch.sample();
        assertThat(stalls).extracting(CoroutineStall::coroutine).containsExactly(spins.get(60, TimeUnit.SECONDS));
        assertThat(notReported).startsWith("sampled-");
    }

    private static <T> CompletableFuture<T> start(CoroScheduler scheduler, CoroutineBody<T> body) {
        return Coro.mono(body)
                .contextWrite(Context.of(CoroScheduler.CONTEXT_KEY, scheduler))
                .toFuture();
    }

    @Test
    void eachWatchIsOffWhenAskedAndTheBuilderRefusesATooShortSamplingThreshold() {
        monitor = CoroMonitor.builder(CoroScheduler.defaultScheduler())
                .pinning(false)
                .hogging(false)
                .start();
        assertThat(monitor.watchesPinning()).isFalse();
        assertThat(monitor.watchesHogging()).isFalse();
        assertThatThrownBy(() ->
                        CoroMonitor.builder(CoroScheduler.defaultScheduler()).hoggingThreshold(Duration.ofMillis(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 4 ms");
    }

    private static String run(CoroScheduler scheduler, CoroutineBody<String> body) {
        return Objects.requireNonNull(Coro.mono(body)
                .contextWrite(Context.of(CoroScheduler.CONTEXT_KEY, scheduler))
                .block(Duration.ofSeconds(60)));
    }

    private static void spinUntil(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not met within 60 s");
            }
            Thread.onSpinWait();
        }
    }

    private static void waitFor(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not met within 60 s");
            }
            sleep(5);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
