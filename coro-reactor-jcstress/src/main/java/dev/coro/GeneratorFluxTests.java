package dev.coro;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.TimeUnit;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;
import reactor.core.publisher.Flux;

/**
 * {@code Coro.flux}'s demand and park ({@link GeneratorFlux}): two requests arrive from two threads while the
 * generator parks for lack of demand. Both must be served: a request that lands between the generator's "no demand"
 * check and its park must wake it. r1 = elements received within 10 seconds.
 */
public final class GeneratorFluxTests {

    private GeneratorFluxTests() {}

    @JCStressTest
    @Outcome(id = "3", expect = ACCEPTABLE, desc = "every requested element arrived")
    @Outcome(expect = FORBIDDEN, desc = "lost demand: the generator stayed parked with requests outstanding")
    @State
    public static class ConcurrentRequestsWhileParking {
        private final Recorders.Counting subscriber = new Recorders.Counting(3);

        {
            Flux<Integer> flux = Coro.flux(out -> {
                for (int i = 0; i < 3; i++) out.yield(i);
            });
            flux.subscribe(subscriber);
            subscriber.subscription().request(1);
            // The generator emits its first element, then yields the second and parks for demand, racing the actors.
            try {
                if (!subscriber.first.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the generator did not emit its first element in 10 s");
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }

        @Actor
        public void request1() {
            subscriber.subscription().request(1);
        }

        @Actor
        public void request2() {
            subscriber.subscription().request(1);
        }

        @Arbiter
        public void arbiter(I_Result r) {
            try {
                subscriber.nexts.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            r.r1 = subscriber.next.get();
        }
    }
}
