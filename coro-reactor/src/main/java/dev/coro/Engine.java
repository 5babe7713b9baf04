package dev.coro;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import org.jspecify.annotations.Nullable;

/**
 * Builds each coroutine's virtual thread: the one place where the engine underneath is chosen (ADR 0001, ADR 0013).
 *
 * <p>The default is the JDK's: virtual threads on its ForkJoinPool of carriers. {@code -Dcoro.engine=caller-runs}
 * selects an experimental, opt-in prototype that needs {@code --add-opens java.base/java.lang=ALL-UNNAMED}: a
 * coroutine's virtual thread is mounted on the platform thread that starts or wakes it (the subscriber's thread, the
 * event loop that completes an awaited publisher), as Kotlin's {@code Dispatchers.Unconfined} runs its continuations,
 * so a round trip needs no carrier wake-up. The body then runs on that thread until it parks: code that computes long
 * or pins its carrier (a park inside a native frame) holds up the event loop that woke it. {@code
 * -Dcoro.engine=resume-inline} starts coroutines on the carriers (a subscribe returns at once, as by default) and runs
 * only their wake-ups on the waking thread.
 */
final class Engine {

    static final String PROPERTY = "coro.engine";
    static final String CALLER_RUNS = "caller-runs";
    static final String RESUME_INLINE = "resume-inline";

    private static final String ENGINE = System.getProperty(PROPERTY, "default");
    private static final @Nullable ThreadFactory FACTORY = factory(ENGINE);
    // resume-inline: a coroutine starts on the JDK's carriers, as by default; only its wake-ups run inline.
    private static final boolean START_ON_CARRIERS = ENGINE.equals(RESUME_INLINE);

    private Engine() {}

    /** An unstarted virtual thread that runs {@code coroutine} and has it as its uncaught-exception handler. */
    static Thread newThread(String name, Coroutine coroutine) {
        ThreadFactory f = FACTORY;
        if (f == null) {
            return Thread.ofVirtual()
                    .name(name)
                    .uncaughtExceptionHandler(coroutine)
                    .unstarted(coroutine);
        }
        Thread t = f.newThread(coroutine);
        t.setName(name);
        t.setUncaughtExceptionHandler(coroutine);
        return t;
    }

    /** Starts a thread of {@link #newThread}. */
    static void start(Thread thread) {
        if (!START_ON_CARRIERS) {
            thread.start();
            return;
        }
        boolean[] starting = CallerRuns.STARTING.get();
        starting[0] = true;
        try {
            thread.start();
        } finally {
            starting[0] = false;
        }
    }

    private static @Nullable ThreadFactory factory(String engine) {
        if (engine.equals("default")) {
            return null;
        }
        if (!engine.equals(CALLER_RUNS) && !engine.equals(RESUME_INLINE)) {
            throw new IllegalArgumentException("-D" + PROPERTY + "=" + engine + " names no engine: use 'default', '"
                    + CALLER_RUNS + "' or '" + RESUME_INLINE + "'");
        }
        try {
            // The JDK builds virtual threads with a scheduler of one's choice only through a package-private
            // constructor (used by its own tests), and keeps its ForkJoinPool of carriers in a private field.
            Class<?> builder = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder");
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(builder, MethodHandles.lookup());
            Class<?> virtualThread = Class.forName("java.lang.VirtualThread");
            VarHandle pool = MethodHandles.privateLookupIn(virtualThread, MethodHandles.lookup())
                    .findStaticVarHandle(virtualThread, "DEFAULT_SCHEDULER", java.util.concurrent.ForkJoinPool.class);
            Executor carriers = (Executor) pool.get();
            Thread.Builder.OfVirtual ofVirtual = (Thread.Builder.OfVirtual)
                    lookup.findConstructor(builder, java.lang.invoke.MethodType.methodType(void.class, Executor.class))
                            .invoke(new CallerRuns(carriers));
            return ofVirtual.factory();
        } catch (Throwable e) {
            throw new IllegalStateException(
                    "-D" + PROPERTY + "=" + engine + " needs --add-opens java.base/java.lang=ALL-UNNAMED on the"
                            + " JVM's command line (it reaches the JDK's virtual-thread scheduler), or remove the"
                            + " property for the default engine",
                    e);
        }
    }

    /**
     * Runs a virtual thread's continuation on the platform thread that submits it. A continuation cannot be mounted
     * from inside another virtual thread, so a wake-up from a virtual thread goes to the JDK's carriers. So does one
     * submitted while this platform thread is still running a continuation (a {@code Thread.yield}, a park undone
     * before the unmount finished): run here, a virtual thread yielding until this thread goes on (a generator's
     * hand-off back to its caller) would be run again and again, and this thread would never go on.
     */
    static final class CallerRuns implements Executor {

        // Per platform thread that ever runs a continuation here (event loops, subscribers): no allocation per run.
        private static final ThreadLocal<boolean[]> RUNNING = ThreadLocal.withInitial(() -> new boolean[1]);
        // Set by Engine.start on the starting thread for resume-inline: that submission goes to the carriers.
        static final ThreadLocal<boolean[]> STARTING = ThreadLocal.withInitial(() -> new boolean[1]);

        private final Executor carriers;

        CallerRuns(Executor carriers) {
            this.carriers = carriers;
        }

        @Override
        public void execute(Runnable continuation) {
            if (Thread.currentThread().isVirtual()) {
                carriers.execute(continuation);
                return;
            }
            boolean[] running = RUNNING.get();
            if (running[0] || (START_ON_CARRIERS && STARTING.get()[0])) {
                carriers.execute(continuation);
                return;
            }
            running[0] = true;
            try {
                continuation.run();
            } finally {
                running[0] = false;
            }
        }
    }
}
