package dev.coro;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * {@code permit()}'s phases (NONE, REQUESTED, GRANTED, DELIVERING, DONE, CANCELLED) through the public
 * {@link Semaphore}: a release granting a queued waiter races the waiter's cancel or request. Every permit comes back
 * exactly once. r1 = permits the waiter received, r2 = free permits once the waiter closed what it got.
 */
public final class PermitMonoTests {

    private PermitMonoTests() {}

    @JCStressTest
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "granted before the cancel: the waiter got it and closed it")
    @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "cancelled first, or the granted permit given back")
    @Outcome(expect = FORBIDDEN, desc = "a permit lost or released twice")
    @State
    public static class ReleaseVersusCancel {
        private final Semaphore semaphore = Coro.semaphore(1);
        private final Recorders.PermitHolder waiter = new Recorders.PermitHolder(true);

        {
            if (!semaphore.tryAcquire()) {
                throw new IllegalStateException("a new semaphore has its permit");
            }
            semaphore.permit().subscribe(waiter); // queued behind the holder
        }

        @Actor
        public void holderReleases() {
            semaphore.release();
        }

        @Actor
        public void waiterCancels() {
            waiter.subscription().cancel();
        }

        @Arbiter
        public void arbiter(II_Result r) {
            r.r1 = waiter.permits.get();
            Permit p = waiter.permit;
            if (p != null) {
                p.close();
            }
            r.r2 = semaphore.availablePermits();
        }
    }

    @JCStressTest
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "granted and requested in either order: delivered once")
    @Outcome(expect = FORBIDDEN, desc = "the grant or the request was lost, or the permit doubled")
    @State
    public static class GrantVersusRequest {
        private final Semaphore semaphore = Coro.semaphore(1);
        private final Recorders.PermitHolder waiter = new Recorders.PermitHolder(false);

        {
            if (!semaphore.tryAcquire()) {
                throw new IllegalStateException("a new semaphore has its permit");
            }
            semaphore.permit().subscribe(waiter); // queued, nothing requested yet
        }

        @Actor
        public void holderReleases() {
            semaphore.release();
        }

        @Actor
        public void waiterRequests() {
            waiter.subscription().request(1);
        }

        @Arbiter
        public void arbiter(II_Result r) {
            r.r1 = waiter.permits.get();
            Permit p = waiter.permit;
            if (p != null) {
                p.close();
            }
            r.r2 = semaphore.availablePermits();
        }
    }
}
