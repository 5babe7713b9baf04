package dev.coro;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

/** {@link Handoff}, the turn-taking of a two-way generator's caller and body. */
public final class HandoffTests {

    private HandoffTests() {}

    private static final Runnable NOTHING = () -> {};

    /** What the passer wrote before {@code pass} is visible to the side that gets the turn (plain fields). */
    @JCStressTest
    @Outcome(id = "42", expect = ACCEPTABLE, desc = "the body saw the caller's write")
    @Outcome(id = "0", expect = FORBIDDEN, desc = "the body got the turn but not the caller's write")
    @State
    public static class PassPublishes {
        private final Handoff handoff = new Handoff(Handoff.CALLER);
        private int sent;

        @Actor
        public void caller() {
            sent = 42;
            handoff.pass(Handoff.BODY);
        }

        @Actor
        public void body(I_Result r) {
            handoff.await(Handoff.BODY, null, "jcstress", NOTHING);
            r.r1 = sent;
        }
    }

    /** Dekker-style: a waiter that publishes itself while the turn is passed is always woken (no lost wake-up). */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "the waiter got the turn")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "lost wake-up: the waiter parked for good after the pass")
    @State
    public static class NoLostWakeUp {
        private final Handoff handoff = new Handoff(Handoff.CALLER);

        @Actor
        public void waiter() {
            handoff.await(Handoff.BODY, null, "jcstress", NOTHING);
        }

        @Signal
        public void passer() {
            handoff.pass(Handoff.BODY);
        }
    }

    /** A full round trip: the body answers on the same handoff, each side sees the other's write. */
    @JCStressTest
    @Outcome(id = "2", expect = ACCEPTABLE, desc = "the caller saw the body's reply to its value")
    @Outcome(expect = FORBIDDEN, desc = "a write crossed the turn unseen")
    @State
    public static class RoundTrip {
        private final Handoff handoff = new Handoff(Handoff.CALLER);
        private int sent;
        private int replied;

        @Actor
        public void caller(I_Result r) {
            sent = 1;
            handoff.pass(Handoff.BODY);
            handoff.await(Handoff.CALLER, null, "jcstress", NOTHING);
            r.r1 = replied;
        }

        @Actor
        public void body() {
            handoff.await(Handoff.BODY, null, "jcstress", NOTHING);
            replied = sent + 1;
            handoff.pass(Handoff.CALLER);
        }
    }
}
