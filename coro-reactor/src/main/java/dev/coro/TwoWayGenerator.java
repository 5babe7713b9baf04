package dev.coro;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.jspecify.annotations.Nullable;
import reactor.util.context.Context;

/**
 * {@code Coro.generator}: the body on its own coroutine, the caller and the body taking turns through a
 * {@link Handoff}. Fields crossing between them are plain: each is written before {@link Handoff#pass} and read after
 * the other side saw its turn, a volatile write/read pair.
 */
final class TwoWayGenerator<I, O> implements Generator<I, O>, Yielder<I, O>, Coroutine.Completion<Void> {

    private static final int NEW = 0;
    private static final int SUSPENDED = 1;
    private static final int RUNNING = 2;
    private static final int RETURNED = 3;
    private static final int CLOSED = 4;

    @SuppressWarnings("rawtypes")
    private static final AtomicIntegerFieldUpdater<TwoWayGenerator> STATE =
            AtomicIntegerFieldUpdater.newUpdater(TwoWayGenerator.class, "state");

    /** What the body handed back with its last turn. */
    private enum Outcome {
        YIELDED,
        RETURNED,
        FAILED,
        YIELDED_AFTER_CLOSE
    }

    private final GeneratorBody<I, O> body;
    private final Coroutine coroutine;
    private final Handoff handoff = new Handoff(Handoff.BODY);

    volatile int state = NEW;

    // Caller -> body.
    private @Nullable I sent;
    private @Nullable Throwable thrown;
    private boolean closing;

    // Body -> caller.
    private @Nullable O yielded;
    private Outcome outcome = Outcome.YIELDED;
    private @Nullable Throwable failure;

    // Body thread only: a body that ignored GeneratorExit is cancelled at every later yield.
    private boolean exitIgnored;

    TwoWayGenerator(GeneratorBody<I, O> body) {
        this.body = body;
        Coroutine parent = Coroutine.current();
        Context context = parent != null ? parent.context : Context.empty();
        CoroScheduler scheduler = parent != null ? parent.scheduler : CoroScheduler.defaultScheduler();
        this.coroutine = new Coroutine(scheduler.nextName("generator"), context, scheduler);
    }

    // ---- caller side ----

    @Override
    public @Nullable O send(@Nullable I value) {
        if (value != null && state == NEW) {
            throw new IllegalStateException("Generator.send(" + value + ") on a generator that has not started: "
                    + "there is no yield to receive the value yet. Start it with send(null) first, as Python "
                    + "requires send(None)");
        }
        int s = enter("send", true);
        if (s == NEW) {
            coroutine.start(
                    () -> {
                        body.run(this);
                        return null;
                    },
                    this);
        } else {
            sent = value;
            handoff.pass(Handoff.BODY);
        }
        return awaitBody();
    }

    @Override
    public @Nullable O throwInto(Throwable error) {
        Objects.requireNonNull(
                error, "Generator.throwInto(null): pass the exception to raise at the generator's pending yield");
        int s = state;
        if (s == NEW && STATE.compareAndSet(this, NEW, RETURNED)) {
            // Python raises at once into an unstarted generator: the body never runs.
            throw Sneaky.raise(error);
        }
        if (s == RETURNED || s == CLOSED) {
            throw Sneaky.raise(error);
        }
        enter("throwInto", false);
        thrown = error;
        handoff.pass(Handoff.BODY);
        return awaitBody();
    }

    @Override
    public void close() {
        int s = state;
        if (s == CLOSED) {
            return;
        }
        if ((s == NEW || s == RETURNED) && STATE.compareAndSet(this, s, CLOSED)) {
            return;
        }
        enter("close", false);
        closing = true;
        handoff.pass(Handoff.BODY);
        waitForBody();
        state = CLOSED;
        switch (outcome) {
            case YIELDED_AFTER_CLOSE ->
                throw new IllegalStateException("Generator.close(): the body caught GeneratorExit and yielded '"
                        + yielded + "' instead of finishing; it was cancelled. Let GeneratorExit propagate (use "
                        + "finally for clean-up) instead of catching it");
            case FAILED -> {
                Throwable f = Objects.requireNonNull(failure);
                if (!(f instanceof GeneratorExit)) {
                    throw Sneaky.raise(f);
                }
            }
            default -> {}
        }
    }

    /** Takes the caller's turn: SUSPENDED (or NEW) -> RUNNING, or a clear error. Returns the state it left. */
    private int enter(String operation, boolean mayStart) {
        for (; ; ) {
            int s = state;
            switch (s) {
                case SUSPENDED -> {
                    if (STATE.compareAndSet(this, s, RUNNING)) {
                        return s;
                    }
                }
                case NEW -> {
                    if (mayStart && STATE.compareAndSet(this, s, RUNNING)) {
                        return s;
                    }
                    // throwInto and close handle NEW before entering: seeing it here means a concurrent send won.
                    if (!mayStart) {
                        throw new IllegalStateException("Generator." + operation + " raced with another caller's "
                                + "first send: a generator serves one caller at a time");
                    }
                }
                case RUNNING ->
                    throw new IllegalStateException("Generator." + operation + " while the generator is already "
                            + "running: another thread is inside send/throwInto/close, or the body called its own "
                            + "generator. A generator serves one caller at a time");
                case RETURNED ->
                    throw new Returned(
                            "Generator." + operation + ": the generator body has returned; it has no " + "more values");
                default ->
                    throw new IllegalStateException("Generator." + operation + " after close(): the generator is "
                            + "closed; create a new one with Coro.generator");
            }
        }
    }

    private @Nullable O awaitBody() {
        waitForBody();
        switch (outcome) {
            case YIELDED -> {
                O value = yielded;
                yielded = null;
                leave(SUSPENDED);
                return value;
            }
            case RETURNED -> {
                leave(RETURNED);
                throw new Returned("The generator body returned: it has no more values");
            }
            default -> {
                leave(RETURNED);
                throw Sneaky.raise(Objects.requireNonNull(failure));
            }
        }
    }

    /**
     * Waits for the body's turn to end. A cancel of the caller's coroutine disposes the wait from the cancelling
     * thread: that closes the generator and cancels the body, whose end may then hand the turn back before the caller
     * notices its own cancellation; the CLOSED state tells the two apart.
     */
    private void waitForBody() {
        Coroutine caller = Coroutine.current();
        handoff.await(Handoff.CALLER, caller, coroutine.name, this::abandon);
        if (state == CLOSED) {
            throw caller != null
                    ? caller.cancellation()
                    : new CancellationException("Generator abandoned: the waiting thread was interrupted");
        }
    }

    /** RUNNING -> next, unless an abandon closed the generator meanwhile (then it stays CLOSED). */
    private void leave(int next) {
        STATE.compareAndSet(this, RUNNING, next);
    }

    /** The caller gave up waiting (its coroutine was cancelled): the generator is closed and its body cancelled. */
    private void abandon() {
        state = CLOSED;
        coroutine.cancel();
    }

    @Override
    public Iterator<O> iterator() {
        return new Iterator<>() {
            private boolean ready;
            private @Nullable O next;

            @Override
            public boolean hasNext() {
                if (ready) {
                    return true;
                }
                int s = state;
                if (s == RETURNED || s == CLOSED) {
                    return false;
                }
                try {
                    next = send(null);
                } catch (Returned e) {
                    return false;
                }
                ready = true;
                return true;
            }

            @Override
            public O next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("The generator has no more values");
                }
                ready = false;
                O value = next;
                next = null;
                return value;
            }
        };
    }

    // ---- body side ----

    @Override
    public @Nullable I yield(@Nullable O value) {
        if (coroutine.thread != Thread.currentThread()) {
            throw new IllegalStateException("Yielder.yield called on thread '"
                    + Thread.currentThread().getName() + "', which is not the generator's own coroutine '"
                    + coroutine.name + "': yield only from the body passed to Coro.generator, not from callbacks, "
                    + "forks or other threads");
        }
        if (exitIgnored || coroutine.cancelled) {
            throw coroutine.cancellation();
        }
        if (closing) {
            exitIgnored = true;
            yielded = value;
            outcome = Outcome.YIELDED_AFTER_CLOSE;
            coroutine.cancel();
            handoff.pass(Handoff.CALLER);
            throw coroutine.cancellation();
        }
        yielded = value;
        outcome = Outcome.YIELDED;
        handoff.pass(Handoff.CALLER);
        handoff.await(Handoff.BODY, coroutine, "send", () -> {});
        if (closing) {
            throw new GeneratorExit();
        }
        Throwable t = thrown;
        if (t != null) {
            thrown = null;
            throw Sneaky.raise(t);
        }
        I in = sent;
        sent = null;
        return in;
    }

    @Override
    public void yieldAll(Generator<? super I, ? extends O> other) {
        Objects.requireNonNull(other, "Yielder.yieldAll(null): pass the generator to delegate to");
        @Nullable O out;
        try {
            out = other.send(null);
        } catch (NoSuchElementException returned) {
            return;
        }
        for (; ; ) {
            @Nullable I in;
            try {
                in = this.yield(out);
            } catch (GeneratorExit | CancellationException exit) {
                other.close();
                throw exit;
            } catch (Throwable error) {
                try {
                    out = other.throwInto(error);
                } catch (NoSuchElementException returned) {
                    return;
                }
                continue;
            }
            try {
                out = other.send(in);
            } catch (NoSuchElementException returned) {
                return;
            }
        }
    }

    // ---- the body's end, on its own thread ----

    @Override
    public void complete(@Nullable Void ignored) {
        if (!exitIgnored) {
            outcome = Outcome.RETURNED;
            handoff.pass(Handoff.CALLER);
        }
    }

    @Override
    public void fail(Throwable error) {
        if (!exitIgnored) {
            failure = error;
            outcome = Outcome.FAILED;
            handoff.pass(Handoff.CALLER);
        }
    }

    @Override
    public String toString() {
        return "Generator[" + coroutine.name + "]";
    }

    /** The body returned: Python's {@code StopIteration}, told apart from a NoSuchElementException the body threw. */
    static final class Returned extends NoSuchElementException {
        private static final long serialVersionUID = 1L;

        Returned(String message) {
            super(message);
        }
    }
}
