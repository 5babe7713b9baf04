package dev.coro;

import java.lang.ref.Cleaner;
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
 *
 * <p>This class is only the caller's facade; the body sees the {@link Core}, which never refers back to it. So a
 * generator dropped without {@code close()} becomes unreachable while its body is parked at a yield (the parked
 * thread's stack holds the core, not the facade), and the {@link Abandoned#CLEANER} then cancels the body, which runs
 * its {@code finally} blocks and frees its coroutine, as Python closes a generator it collects.
 */
final class TwoWayGenerator<I, O, R> implements ReturningGenerator<I, O, R> {

    private final Core<I, O, R> core;
    private final Cleaner.Cleanable cleanable;

    TwoWayGenerator(GeneratorFunction<I, O, R> body) {
        Core<I, O, R> c = new Core<>(body);
        this.core = c;
        this.cleanable = Abandoned.CLEANER.register(this, c::collected);
    }

    /** A body that returns nothing: its generator's return value is {@code null}. */
    static <I, O> TwoWayGenerator<I, O, Void> of(GeneratorBody<I, O> body) {
        return new TwoWayGenerator<>(y -> {
            body.run(y);
            return null;
        });
    }

    @Override
    public @Nullable O send(@Nullable I value) {
        return core.send(value);
    }

    @Override
    public @Nullable O throwInto(Throwable error) {
        return core.throwInto(error);
    }

    @Override
    public @Nullable R returnValue() {
        return core.returnValue();
    }

    @Override
    public void close() {
        try {
            core.close();
        } finally {
            cleanable.clean(); // closed: nothing left for the Cleaner (its action finds the core closed)
        }
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
                if (core.finished()) {
                    return false;
                }
                try {
                    next = send(null);
                } catch (StopIteration e) {
                    return false;
                }
                ready = true;
                return true;
            }

            // A body may yield null (Yielder.yield takes @Nullable O); iteration hands it on as it is, as Python's
            // for loop hands on a yielded None. Iterator<O> cannot say so without a nullable type argument.
            @Override
            @SuppressWarnings("NullAway")
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

    @Override
    public String toString() {
        return "Generator[" + core.coroutine.name + "]";
    }

    /** The generator's state: the caller's side runs through the facade, the body's side through the Yielder. */
    static final class Core<I, O, R> implements Yielder<I, O>, Coroutine.Completion<R> {

        private static final int NEW = 0;
        private static final int SUSPENDED = 1;
        private static final int RUNNING = 2;
        private static final int RETURNED = 3;
        private static final int CLOSED = 4;

        @SuppressWarnings("rawtypes")
        private static final AtomicIntegerFieldUpdater<Core> STATE =
                AtomicIntegerFieldUpdater.newUpdater(Core.class, "state");

        /** What the body handed back with its last turn. */
        private enum Outcome {
            YIELDED,
            RETURNED,
            FAILED,
            YIELDED_AFTER_CLOSE
        }

        private final GeneratorFunction<I, O, R> body;
        final Coroutine coroutine;
        private final Handoff handoff = new Handoff(Handoff.BODY);
        /** Allocated once, not per send: what a cancelled caller's wait runs. */
        private final Runnable abandon = this::abandon;

        volatile int state = NEW;

        // Caller -> body.
        private @Nullable I sent;
        private @Nullable Throwable thrown;
        private boolean closing;

        // Body -> caller.
        private @Nullable O yielded;
        private Outcome outcome = Outcome.YIELDED;
        private @Nullable Throwable failure;
        private @Nullable R returned;
        /** Written by the caller once it saw the body's return: returnValue() is only valid after. */
        private volatile boolean hasReturned;

        // Body thread only: a body that ignored GeneratorExit is cancelled at every later yield.
        private boolean exitIgnored;
        // Body thread only: a yield already threw the cancellation once.
        private boolean cancellationSwallowed;

        Core(GeneratorFunction<I, O, R> body) {
            this.body = body;
            Coroutine parent = Coroutine.current();
            Context context = parent != null ? parent.context : Context.empty();
            CoroScheduler scheduler = parent != null ? parent.scheduler : CoroScheduler.defaultScheduler();
            this.coroutine = new Coroutine(scheduler.nextName("generator"), context, scheduler);
        }

        // ---- caller side ----

        @Nullable
        O send(@Nullable I value) {
            if (value != null && state == NEW) {
                throw new IllegalStateException("Generator.send(" + value + ") on a generator that has not started: "
                        + "there is no yield to receive the value yet. Start it with send(null) first, as Python "
                        + "requires send(None)");
            }
            int s = enter("send", true);
            if (s == NEW) {
                coroutine.start(() -> body.apply(this), this);
            } else {
                sent = value;
                handoff.pass(Handoff.BODY);
            }
            return awaitBody();
        }

        @Nullable
        O throwInto(Throwable error) {
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

        void close() {
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
                case YIELDED_AFTER_CLOSE -> {
                    IllegalStateException e = new IllegalStateException("Generator.close(): the body caught "
                            + "GeneratorExit and yielded '" + yielded + "' instead of finishing; it was cancelled. "
                            + "Let GeneratorExit propagate (use finally for clean-up) instead of catching it");
                    Throwable f = failure;
                    if (f != null && !(f instanceof CancellationException)) {
                        e.addSuppressed(f);
                    }
                    throw e;
                }
                case FAILED -> {
                    Throwable f = Objects.requireNonNull(failure);
                    if (!(f instanceof GeneratorExit)) {
                        throw Sneaky.raise(f);
                    }
                }
                default -> {}
            }
        }

        @Nullable
        R returnValue() {
            if (!hasReturned) {
                throw new IllegalStateException(
                        "Generator.returnValue(): the body has not returned (it is not started, "
                                + "suspended at a yield, failed or was closed before its end); read it after send threw "
                                + "StopIteration");
            }
            return returned;
        }

        boolean finished() {
            int s = state;
            return s == RETURNED || s == CLOSED;
        }

        /**
         * The facade was collected unclosed, on the Cleaner's thread. Nobody can call it any more, so no caller holds
         * the turn: a body parked at a yield is cancelled (its yield throws CancellationException, its finally blocks
         * run on its own thread), and an unstarted one never starts.
         */
        void collected() {
            for (; ; ) {
                int s = state;
                if (s == CLOSED || s == RETURNED) {
                    return;
                }
                if (STATE.compareAndSet(this, s, CLOSED)) {
                    if (s != NEW) {
                        coroutine.cancel();
                    }
                    return;
                }
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
                            throw new IllegalStateException("Generator." + operation + " raced with another "
                                    + "caller's first send: a generator serves one caller at a time");
                        }
                    }
                    case RUNNING ->
                        throw new IllegalStateException("Generator." + operation + " while the generator is already "
                                + "running: another thread is inside send/throwInto/close, or the body called its "
                                + "own generator. A generator serves one caller at a time");
                    case RETURNED ->
                        throw new StopIteration(
                                "Generator." + operation + ": the generator body has returned; it has no more values",
                                null);
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
                    R value = returned;
                    hasReturned = true;
                    leave(RETURNED);
                    throw new StopIteration("The generator body returned: it has no more values", value);
                }
                default -> {
                    leave(RETURNED);
                    throw Sneaky.raise(Objects.requireNonNull(failure));
                }
            }
        }

        /**
         * Waits for the body's turn to end. A cancel of the caller's coroutine disposes the wait from the cancelling
         * thread: that closes the generator and cancels the body, whose end may then hand the turn back before the
         * caller notices its own cancellation; the CLOSED state tells the two apart.
         */
        private void waitForBody() {
            Coroutine caller = Coroutine.current();
            handoff.await(Handoff.CALLER, caller, coroutine.name, abandon);
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

        // ---- body side ----

        @Override
        public @Nullable I yield(@Nullable O value) {
            if (coroutine.thread != Thread.currentThread()) {
                throw new IllegalStateException("Yielder.yield called on thread '"
                        + Thread.currentThread().getName() + "', which is not the generator's own coroutine '"
                        + coroutine.name + "': yield only from the body passed to Coro.generator, not from "
                        + "callbacks, forks or other threads");
            }
            if (exitIgnored || coroutine.cancelled) {
                if (cancellationSwallowed) {
                    // The body caught the CancellationException (catch (Exception e) around the yield) and yielded
                    // again: an Error ends it, or its loop would spin on its carrier for good.
                    throw new GeneratorExit();
                }
                cancellationSwallowed = true;
                throw coroutine.cancellation();
            }
            if (closing) {
                // The turn goes back to close() only once the body has ended (complete/fail), so that its unwinding
                // never runs at the same time as the caller.
                exitIgnored = true;
                yielded = value;
                coroutine.cancel();
                throw coroutine.cancellation();
            }
            yielded = value;
            outcome = Outcome.YIELDED;
            handoff.pass(Handoff.CALLER);
            handoff.await(Handoff.BODY, coroutine, "send", NOTHING);
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
        @SuppressWarnings("unchecked")
        public <R2> @Nullable R2 yieldAll(ReturningGenerator<? super I, ? extends O, R2> other) {
            return (R2) yieldAll((Generator<? super I, ? extends O>) other);
        }

        @Override
        @SuppressWarnings("unchecked")
        public @Nullable Object yieldAll(Generator<? super I, ? extends O> other) {
            Objects.requireNonNull(other, "Yielder.yieldAll(null): pass the generator to delegate to");
            Object out = step(other, null, null);
            while (!(out instanceof DelegateReturned r)) {
                @Nullable I in;
                try {
                    in = this.yield((O) out);
                } catch (GeneratorExit | CancellationException exit) {
                    other.close();
                    throw exit;
                } catch (Throwable error) {
                    out = step(other, null, error);
                    continue;
                }
                out = step(other, in, null);
            }
            return r.value();
        }

        /**
         * One send or throwInto into a delegate; its return becomes a {@link DelegateReturned} with the
         * {@link StopIteration}'s value. For our generators only a StopIteration means a return: a
         * NoSuchElementException the delegate's body threw is a failure and propagates. Another implementation of
         * Generator may have only the plain exception to say it (its return value is then null).
         */
        private static <I> @Nullable Object step(
                Generator<? super I, ?> other, @Nullable I in, @Nullable Throwable error) {
            try {
                return error == null ? other.send(in) : other.throwInto(error);
            } catch (StopIteration e) {
                return new DelegateReturned(e.value());
            } catch (NoSuchElementException e) {
                if (other instanceof TwoWayGenerator<?, ?, ?>) {
                    throw e;
                }
                return new DelegateReturned(null);
            }
        }

        /** Marks the delegate's return in {@link #yieldAll}, with its return value. */
        private record DelegateReturned(@Nullable Object value) {}

        // ---- the body's end, on its own thread ----

        @Override
        public void complete(@Nullable R value) {
            returned = value;
            outcome = exitIgnored ? Outcome.YIELDED_AFTER_CLOSE : Outcome.RETURNED;
            handoff.pass(Handoff.CALLER);
        }

        @Override
        public void fail(Throwable error) {
            failure = error instanceof StopIteration stop ? raisedStopIteration(stop) : error;
            outcome = exitIgnored ? Outcome.YIELDED_AFTER_CLOSE : Outcome.FAILED;
            handoff.pass(Handoff.CALLER);
        }
    }

    private static final Runnable NOTHING = () -> {};

    /**
     * PEP 479: a StopIteration escaping the body (from a generator it drives) would read as this generator's own
     * return and end the caller's loop quietly; it becomes a failure instead, as CPython makes it a RuntimeError.
     */
    private static IllegalStateException raisedStopIteration(StopIteration stop) {
        return new IllegalStateException(
                "The generator body raised StopIteration (another generator it drove had ended) instead of returning: "
                        + "catch it in the body, or delegate with yieldAll, which takes a delegate's end for its return",
                stop);
    }
}
