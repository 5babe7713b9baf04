package dev.coro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Hooks;

/**
 * The two subscriber-contract decisions of issue 9: a {@code Coro.flux} subscriber whose onNext throws
 * (docs/adr/0007-flux-subscriber-onnext-throws.md) and an await that receives a signal before onSubscribe
 * (docs/adr/0008-await-onnext-before-onsubscribe.md).
 */
class SubscriberContractTest {

    @AfterEach
    void resetHooks() {
        Hooks.resetOnNextDropped();
        Hooks.resetOnErrorDropped();
    }

    @Test
    void aSubscriberWhoseOnNextThrowsIsCancelledAndGetsItsErrorOnceAndTheBodyCannotGoOn() throws Exception {
        Trail trail = new Trail();
        IllegalStateException broken = new IllegalStateException("subscriber bug");
        CountDownLatch bodyEnded = new CountDownLatch(1);
        AtomicReference<Throwable> caught = new AtomicReference<>();
        Coro.<Integer>flux(out -> {
                    try {
                        out.yield(1);
                    } catch (CancellationException e) {
                        caught.set(e);
                        trail.add("body: yield threw");
                        out.yield(2); // cannot go on: throws again
                        trail.add("body: yielded after the failure");
                    } finally {
                        trail.add("body: finally");
                        bodyEnded.countDown();
                    }
                })
                .subscribe(new CoreSubscriber<Integer>() {
                    @Override
                    public void onSubscribe(Subscription s) {
                        s.request(10);
                    }

                    @Override
                    public void onNext(Integer v) {
                        trail.add("onNext " + v);
                        throw broken;
                    }

                    @Override
                    public void onError(Throwable t) {
                        trail.add("onError " + (t == broken ? "same exception" : t));
                    }

                    @Override
                    public void onComplete() {
                        trail.add("onComplete");
                    }
                });
        assertThat(bodyEnded.await(10, TimeUnit.SECONDS)).isTrue();
        trail.assertSteps("onNext 1", "onError same exception", "body: yield threw", "body: finally");
        assertThat(caught.get()).isInstanceOf(CancellationException.class).hasCause(broken);
    }

    @Test
    void anAwaitOfAPublisherSignallingBeforeOnSubscribeFailsNamingRule19() {
        Queue<Object> droppedValues = new ConcurrentLinkedQueue<>();
        Hooks.onNextDropped(droppedValues::add);
        AtomicBoolean lateSubscriptionCancelled = new AtomicBoolean();
        Publisher<Integer> broken = s -> {
            s.onNext(3);
            s.onSubscribe(new Subscription() {
                @Override
                public void request(long n) {}

                @Override
                public void cancel() {
                    lateSubscriptionCancelled.set(true);
                }
            });
            s.onComplete();
        };
        assertThatThrownBy(() -> Coro.mono(() -> Coro.awaitFirst(broken)).block(Duration.ofSeconds(10)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("onNext(3) before onSubscribe")
                .hasMessageContaining("rule 1.9");
        assertThat(droppedValues).containsExactly(3);
        assertThat(lateSubscriptionCancelled).isTrue();
    }

    @Test
    void anEarlyOnErrorBecomesTheCauseOfTheRule19Failure() {
        IllegalArgumentException early = new IllegalArgumentException("early");
        Publisher<Integer> broken = s -> s.onError(early);
        assertThatThrownBy(() -> Coro.awaitFirstOrNull(broken))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("onError before onSubscribe")
                .hasRootCause(early);
    }
}
