package dev.coro;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;
import reactor.util.context.Context;

/**
 * {@code Coro.mono}'s subscription state machine ({@link CoroMono.MonoCoroutine}): request, the body's value and
 * cancel race from three threads; the value is emitted at most once, with its completion, and never after a cancel
 * that won. r1 = onNext count, r2 = onComplete count.
 */
public final class CoroMonoTests {

    private CoroMonoTests() {}

    static CoroMono.MonoCoroutine<String> mono(Recorders.Counting subscriber) {
        CoroMono.MonoCoroutine<String> m =
                new CoroMono.MonoCoroutine<>("jcstress", Context.empty(), CoroScheduler.defaultScheduler(), subscriber);
        subscriber.onSubscribe(m);
        return m;
    }

    @JCStressTest
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "emitted once, then completed")
    @Outcome(expect = FORBIDDEN, desc = "value lost, doubled, or completion missing")
    @State
    public static class RequestVersusValue {
        private final Recorders.Counting subscriber = new Recorders.Counting(1);
        private final CoroMono.MonoCoroutine<String> mono = mono(subscriber);

        @Actor
        public void request() {
            mono.request(1);
        }

        @Actor
        public void value() {
            mono.complete("v");
        }

        @Arbiter
        public void arbiter(II_Result r) {
            r.r1 = subscriber.next.get();
            r.r2 = subscriber.complete.get();
        }
    }

    @JCStressTest
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "the value won: emitted and completed")
    @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "the cancel won: nothing reaches the subscriber")
    @Outcome(expect = FORBIDDEN, desc = "a signal after a winning cancel, or a half emission")
    @State
    public static class CancelVersusValue {
        private final Recorders.Counting subscriber = new Recorders.Counting(1);
        private final CoroMono.MonoCoroutine<String> mono = mono(subscriber);

        {
            mono.request(1);
        }

        @Actor
        public void cancel() {
            mono.cancel();
        }

        @Actor
        public void value() {
            mono.complete("v");
        }

        @Arbiter
        public void arbiter(II_Result r) {
            r.r1 = subscriber.next.get();
            r.r2 = subscriber.complete.get();
        }
    }

    @JCStressTest
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "the request won: emitted and completed")
    @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "the cancel won: the value is discarded")
    @Outcome(expect = FORBIDDEN, desc = "a signal after a winning cancel, or a half emission")
    @State
    public static class RequestVersusCancel {
        private final Recorders.Counting subscriber = new Recorders.Counting(1);
        private final CoroMono.MonoCoroutine<String> mono = mono(subscriber);

        {
            mono.complete("v");
        }

        @Actor
        public void request() {
            mono.request(1);
        }

        @Actor
        public void cancel() {
            mono.cancel();
        }

        @Arbiter
        public void arbiter(II_Result r) {
            r.r1 = subscriber.next.get();
            r.r2 = subscriber.complete.get();
        }
    }
}
