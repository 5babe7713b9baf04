package dev.coro;

import java.io.InterruptedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.channels.ClosedByInterruptException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.Exceptions;
import reactor.core.Scannable;
import reactor.util.context.Context;

/**
 * One running coroutine: a body on its own virtual thread, the subscriber's {@link Context}, and what it is suspended
 * on, so that a cancel from any thread reaches the suspension point.
 *
 * <p>This file owns a coroutine's life: its thread's start, its slot on a bounded scheduler, its cancel and the
 * interrupt that carries it. Its fields are written here only. Waiting operations do not touch it: they enter, park
 * and wake through {@link Suspension}, the engine seam, which alone calls {@link #suspend} and {@link #resume}.
 *
 * <p>Not final: {@code Coro.mono}'s coroutine is its own subscription and completion ({@link CoroMono}), which saves
 * every parked coroutine a 32-byte object.
 */
class Coroutine implements Runnable, Thread.UncaughtExceptionHandler {

    private static final byte NOT_INTERRUPTED = 0;
    private static final byte INTERRUPTING = 1;
    private static final byte INTERRUPTED = 2;
    private static final byte SETTLED = 3;
    private static final VarHandle INTERRUPT;

    static {
        try {
            INTERRUPT = MethodHandles.lookup().findVarHandle(Coroutine.class, "interrupt", byte.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // startedAt is derived from startNanos: one Instant per coroutine would be 24 bytes for every parked coroutine.
    private static final Instant EPOCH_ANCHOR = Instant.now();
    private static final long NANO_ANCHOR = System.nanoTime();

    /** Called on the coroutine's thread once its body returned or threw. */
    interface Completion<T> {
        void complete(@Nullable T value);

        void fail(Throwable error);

        /**
         * The exception a cancel makes the body throw; a scope's fork overrides it to name the sibling whose failure
         * cancelled it.
         */
        default CancellationException cancelled(String name) {
            return new CancellationException("Coroutine '" + name + "' was cancelled");
        }
    }

    final String name;
    final Context context;
    final CoroScheduler scheduler;
    /** Whether this coroutine runs in the bounded-scheduler slot of the coroutine that started it. */
    final boolean sharesSlot;

    final long startNanos = System.nanoTime();

    // Both written in this file only; package-visible for reading.
    volatile @Nullable Thread thread;
    volatile boolean cancelled;
    /**
     * Whether the cancel's interrupt was sent, and whether this thread has absorbed it: see cancellation(). A byte, so
     * that with the booleans it fits the 4 bytes before the next 8-byte boundary: {@code Coro.mono}'s coroutine is 80
     * bytes with it, 88 with an int.
     */
    private volatile byte interrupt;

    /** What the coroutine is suspended on: cancelled together with the coroutine. */
    private volatile @Nullable Disposable suspension;

    private volatile @Nullable Object awaited;
    /**
     * Counts the waits this coroutine came back from; written on its own thread before the volatile write that ends
     * the wait, read by {@link CoroMonitor}'s sampler. An int costs {@code Coro.mono}'s coroutine 8 bytes (80 to 88):
     * the price of telling a body that never yields from one that yields between two samples.
     */
    private int resumes;
    // Touched only on the coroutine's own thread.
    private @Nullable List<Disposable> resources;
    // The coroutine is its thread's task itself: no lambdas to allocate and no frames of theirs on a parked stack.
    private @Nullable CoroutineBody<?> body;
    // True while the body runs. Written only on the coroutine's own thread; dumps read it from others, which is why it
    // is volatile (a state field of its own would cost every parked coroutine 8 more bytes).
    private volatile boolean inBody;
    private @Nullable Completion<?> completion;
    // Links in the scheduler's registry of live coroutines (CoroScheduler.Registry), guarded by its stripe's lock:
    // 8 bytes per coroutine where a ConcurrentHashMap entry cost 32 plus its table slot.
    @Nullable
    Coroutine prev;

    @Nullable
    Coroutine next;

    Coroutine(String name, Context context, CoroScheduler scheduler) {
        this.name = name;
        this.scheduler = scheduler;
        this.sharesSlot = scheduler.isBounded() && context.getOrDefault(CoroScheduler.SLOT_KEY, null) == scheduler;
        // Children subscribed with this Context (awaited monos, forks, the handler behind a coroutine filter) run in
        // this coroutine's slot: taking slots of their own while it waits for them could deadlock a bounded scheduler.
        this.context = scheduler.isBounded() && !sharesSlot ? context.put(CoroScheduler.SLOT_KEY, scheduler) : context;
    }

    /**
     * Returns the coroutine whose body runs on the calling thread, or {@code null}. The coroutine is its virtual
     * thread's uncaught-exception handler, a field every Thread has anyway: a ThreadLocal would give each coroutine a
     * ThreadLocalMap (136 bytes per parked coroutine), a map keyed by thread an entry (32 bytes plus its table slot).
     * Body code that replaces its thread's handler makes the thread no coroutine any more: its awaits block the thread.
     */
    static @Nullable Coroutine current() {
        Thread t = Thread.currentThread();
        return t.getUncaughtExceptionHandler() instanceof Coroutine c && c.inBody && c.thread == t ? c : null;
    }

    /** Only JVM-fatal errors get here (the body's failures go to its subscriber): the JDK's default handling. */
    @Override
    public void uncaughtException(Thread t, Throwable e) {
        t.getThreadGroup().uncaughtException(t, e);
    }

    <T> void start(CoroutineBody<T> body, Completion<T> completion) {
        this.body = body;
        this.completion = completion;
        // The coroutine is its thread's uncaught-exception handler: that is how current() finds it. The thread is
        // known before it starts, so a cancel from now on interrupts it wherever it is (queued for a slot included).
        Thread t = Thread.ofVirtual().name(name).uncaughtExceptionHandler(this).unstarted(this);
        thread = t;
        scheduler.launched(this);
        CoroutineEvents.started(this);
        try {
            t.start();
        } catch (Throwable e) {
            scheduler.notStarted(this);
            throw e;
        }
    }

    /**
     * The virtual thread's task: takes a slot of a bounded scheduler, runs the body, reports the outcome. One frame on
     * purpose: every frame between the thread's entry and the body stays on each parked coroutine's stack.
     */
    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void run() {
        CoroutineBody b = body;
        body = null;
        if (b == null || completion == null) {
            throw new IllegalStateException("Coroutine '" + name + "' runs only on the thread its start() launched");
        }
        // The completion is read back from its field afterwards: every local live across b.call() is a slot in the
        // stack chunk of each parked coroutine.
        boolean slot = !cancelled && acquireSlot();
        inBody = true;
        Object result = null;
        Throwable error = null;
        AutoCloseable threadLocals = null;
        try {
            if (cancelled) {
                throw cancellation();
            }
            threadLocals = ThreadLocalContext.restore(context);
            result = b.call();
        } catch (Throwable t) {
            error = t;
        } finally {
            error = closeAll(threadLocals, error);
            inBody = false;
            if (slot) {
                scheduler.releaseSlot();
            }
        }
        scheduler.finished(this, error);
        CoroutineEvents.ended(this, error);
        Completion c = completion;
        completion = null;
        if (error == null) {
            c.complete(result);
        } else {
            c.fail(error);
            // Deliver first, then let a JVM-fatal error reach the thread's uncaught-exception handler as well.
            Exceptions.throwIfJvmFatal(error);
        }
    }

    /**
     * Waits for a slot of a bounded scheduler; false if none was taken. A coroutine cancelled before it gets here
     * never queues: it must not wait for a running coroutine to end just to report its cancellation (issue 9,
     * defect 5). One cancelled while queued leaves the queue through the cancel's interrupt.
     */
    private boolean acquireSlot() {
        try {
            return scheduler.acquireSlot(this);
        } catch (InterruptedException e) {
            // Cancelled while queued (or interrupted by someone else, which counts as a cancel): the body never runs;
            // run() throws the cancellation, settling the interrupt.
            cancelled = true;
            return false;
        }
    }

    private @Nullable Throwable closeAll(@Nullable AutoCloseable threadLocals, @Nullable Throwable error) {
        try {
            closeResources();
            if (threadLocals != null) {
                threadLocals.close();
            }
        } catch (Throwable t) {
            if (error == null) {
                return t;
            }
            error.addSuppressed(t);
        }
        return error;
    }

    Instant startedAt() {
        return EPOCH_ANCHOR.plusNanos(startNanos - NANO_ANCHOR);
    }

    /** Cancels the coroutine from any thread: its suspension is disposed and its thread interrupted. */
    void cancel() {
        if (cancelled) {
            return;
        }
        cancelled = true;
        Disposable s = suspension;
        if (s != null) {
            s.dispose();
        }
        Thread t = thread;
        // A downstream that cancels from inside onNext runs on our own thread: the next yield or await sees the
        // flag, and an interrupt would only leak into the downstream's code.
        if (t != null && t != Thread.currentThread() && INTERRUPT.compareAndSet(this, NOT_INTERRUPTED, INTERRUPTING)) {
            t.interrupt();
            interrupt = INTERRUPTED;
        }
    }

    /**
     * Returns the exception a cancelled coroutine throws where it stopped. On the coroutine's own thread it first
     * settles the cancel's interrupt: the CancellationException is the signal now, and an interrupt still in flight
     * must not land later in the body's clean-up code (a {@code Thread.sleep} in a {@code finally}).
     */
    CancellationException cancellation() {
        if (Thread.currentThread() == thread && !INTERRUPT.compareAndSet(this, NOT_INTERRUPTED, SETTLED)) {
            while (interrupt == INTERRUPTING) {
                // Yield, not spin: on one carrier the canceller may be unmounted between its CAS and its interrupt
                // (Thread.interrupt takes a lock), and a spin here would keep it from ever finishing.
                Thread.yield();
            }
            if (interrupt == INTERRUPTED) {
                Thread.interrupted();
                interrupt = SETTLED;
            }
        }
        Completion<?> c = completion;
        return c != null ? c.cancelled(name) : new CancellationException("Coroutine '" + name + "' was cancelled");
    }

    /**
     * Whether {@code error}, the way the body ended, is the cancel itself: the CancellationException of a suspension,
     * or the InterruptedException (also wrapped, as {@code block()} and JDBC drivers wrap it) that the cancel's
     * interrupt raised in blocking code. Such an end is no failure: nothing goes to {@code Hooks.onErrorDropped}.
     */
    boolean endedByCancel(Throwable error) {
        if (!cancelled) {
            return false;
        }
        Throwable t = error;
        for (int depth = 0; t != null && depth < 8; depth++, t = t.getCause()) {
            if (t instanceof CancellationException
                    || t instanceof InterruptedException
                    || t instanceof InterruptedIOException
                    || t instanceof ClosedByInterruptException) {
                return true;
            }
        }
        return false;
    }

    /** Marks the coroutine suspended on {@code what}; a later {@link #cancel()} disposes {@code onCancel}. */
    void suspend(Object what, Disposable onCancel) {
        awaited = what;
        suspension = onCancel;
        CoroutineEvents.suspended(this, what);
    }

    /** Whether the coroutine is suspended now: read from any thread, for dumps and the oldest-suspended gauge. */
    boolean isSuspended() {
        return inBody && suspension != null;
    }

    void resume(long suspendedNanos) {
        resumes++;
        suspension = null;
        awaited = null;
        scheduler.suspended(suspendedNanos);
        CoroutineEvents.resumed(this, suspendedNanos);
    }

    /**
     * Whether the body runs now, neither queued for a slot nor suspended in a wait of ours (it may still block the
     * thread in other code: a socket, {@code Thread.sleep}).
     */
    boolean isRunning() {
        return inBody && suspension == null;
    }

    /** How many waits the coroutine has come back from: {@link CoroMonitor} sees progress by its change. */
    int resumes() {
        return resumes;
    }

    /** Registers something to dispose when the coroutine ends, whatever way it ends. */
    void closeOnExit(Disposable resource) {
        if (resources == null) {
            resources = new ArrayList<>(2);
        }
        resources.add(resource);
    }

    /** Unregisters a resource of {@link #closeOnExit} that was closed early; call it on the coroutine's own thread. */
    void removeOnExit(Disposable resource) {
        List<Disposable> rs = resources;
        if (rs != null) {
            // From the end: resources nest, so the latest registered is the one closed first.
            for (int i = rs.size() - 1; i >= 0; i--) {
                if (rs.get(i) == resource) {
                    rs.remove(i);
                    return;
                }
            }
        }
    }

    private void closeResources() {
        List<Disposable> rs = resources;
        if (rs != null) {
            resources = null;
            for (Disposable r : rs) {
                r.dispose();
            }
        }
    }

    CoroutineInfo info() {
        Thread t = thread;
        Object what = awaited;
        CoroutineState state = !inBody
                ? CoroutineState.QUEUED
                : suspension != null ? CoroutineState.SUSPENDED : CoroutineState.RUNNING;
        StackTraceElement[] stack = t != null ? t.getStackTrace() : new StackTraceElement[0];
        return new CoroutineInfo(
                name,
                startedAt(),
                Duration.ofNanos(System.nanoTime() - startNanos),
                state,
                what == null ? null : describe(what),
                List.of(stack));
    }

    static String describe(Object awaited) {
        if (awaited instanceof String s) {
            return s;
        }
        Scannable scannable = Scannable.from(awaited);
        return scannable.isScanAvailable()
                ? scannable.name()
                : awaited.getClass().getName();
    }

    @Override
    public String toString() {
        return "Coroutine[" + name + "]";
    }
}
