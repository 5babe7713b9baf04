package dev.coro.conformance.kotlinx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coro.Channel;
import dev.coro.ChannelClosedException;
import dev.coro.Coro;
import dev.coro.SelectClause;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Port of kotlinx.coroutines {@code kotlinx-coroutines-core/common/test/selects/SelectRendezvousChannelTest.kt}:
 * Kotlin's {@code select} (biased) is {@link Coro#selectBiased}, its test-only {@code default} (an
 * {@code onTimeout(0)}) is {@link SelectClause#orElse}, {@code close()} is {@code done()}, {@code close(e)} is
 * {@code error(e)}. Where Kotlin yields to a coroutine so that it reaches its wait, the port waits until it is
 * suspended there; where Kotlin's dispatcher decides the order of two steps on two coroutines, the later one waits
 * for the earlier ({@link Steps#waitFor}). We have no {@code onReceiveCatching}: a receive clause on a channel that is
 * done throws {@link ChannelClosedException}, on one closed by {@code error(e)} it throws {@code e} (deliberate
 * difference, docs/coroutines.md); those tests assert that outcome.
 */
@Tag("conformance")
class SelectRendezvousChannelTest {

    private final Steps steps = new Steps();
    private final Launcher rig = new Launcher("select-rendezvous");

    private <R> R unreached() {
        steps.expectUnreached();
        return null;
    }

    @Test
    void testSelectSendSuccess() {
        rig.run(() -> {
            steps.expect(1);
            Channel<String> channel = Coro.channel();
            CompletableFuture<Void> job = rig.launch(() -> {
                steps.expect(2);
                assertThat(channel.receive()).isEqualTo("OK");
                steps.waitFor(5);
                steps.finish(6);
            });
            rig.waitSuspended("Channel.receive");
            steps.expect(3);
            Coro.<Void>selectBiased(channel.onSend("OK", () -> {
                steps.expect(4);
                return null;
            }));
            steps.expect(5);
            Launcher.join(job);
        });
    }

    @Test
    void testSelectSendSuccessWithDefault() {
        rig.run(() -> {
            steps.expect(1);
            Channel<String> channel = Coro.channel();
            CompletableFuture<Void> job = rig.launch(() -> {
                steps.expect(2);
                assertThat(channel.receive()).isEqualTo("OK");
                steps.waitFor(5);
                steps.finish(6);
            });
            rig.waitSuspended("Channel.receive");
            steps.expect(3);
            Coro.<Void>selectBiased(
                    channel.onSend("OK", () -> {
                        steps.expect(4);
                        return null;
                    }),
                    SelectClause.orElse(this::unreached));
            steps.expect(5);
            Launcher.join(job);
        });
    }

    @Test
    void testSelectSendWaitWithDefault() {
        rig.run(() -> {
            steps.expect(1);
            Channel<String> channel = Coro.channel();
            Coro.<Void>selectBiased(channel.onSend("OK", this::unreached), SelectClause.orElse(() -> {
                steps.expect(2);
                return null;
            }));
            steps.expect(3);
            // make sure receive blocks (select above is over)
            CompletableFuture<Void> job = rig.launch(() -> {
                steps.waitFor(4);
                steps.expect(5);
                assertThat(channel.receive()).isEqualTo("CHK");
                steps.waitFor(7);
                steps.finish(8);
            });
            steps.expect(4);
            rig.waitSuspended("Channel.receive");
            steps.expect(6);
            channel.send("CHK");
            steps.expect(7);
            Launcher.join(job);
        });
    }

    @Test
    void testSelectSendWait() {
        rig.run(() -> {
            steps.expect(1);
            Channel<String> channel = Coro.channel();
            CompletableFuture<Void> job = rig.launch(() -> {
                rig.waitSuspended("Coro.select");
                steps.expect(3);
                assertThat(channel.receive()).isEqualTo("OK");
                steps.expect(4);
            });
            steps.expect(2);
            Coro.<Void>selectBiased(channel.onSend("OK", () -> {
                steps.waitFor(4);
                steps.expect(5);
                return null;
            }));
            steps.finish(6);
            Launcher.join(job);
        });
    }

    @Test
    void testSelectReceiveSuccess() {
        rig.run(() -> {
            steps.expect(1);
            Channel<String> channel = Coro.channel();
            CompletableFuture<Void> job = rig.launch(() -> {
                steps.expect(2);
                channel.send("OK");
                steps.waitFor(5);
                steps.finish(6);
            });
            rig.waitSuspended("Channel.send");
            steps.expect(3);
            Coro.<Void>selectBiased(channel.onReceive(v -> {
                steps.expect(4);
                assertThat(v).isEqualTo("OK");
                return null;
            }));
            steps.expect(5);
            Launcher.join(job);
        });
    }

    @Test
    void testSelectReceiveSuccessWithDefault() {
        rig.run(() -> {
            steps.expect(1);
            Channel<String> channel = Coro.channel();
            CompletableFuture<Void> job = rig.launch(() -> {
                steps.expect(2);
                channel.send("OK");
                steps.waitFor(5);
                steps.finish(6);
            });
            rig.waitSuspended("Channel.send");
            steps.expect(3);
            Coro.<Void>selectBiased(
                    channel.onReceive(v -> {
                        steps.expect(4);
                        assertThat(v).isEqualTo("OK");
                        return null;
                    }),
                    SelectClause.orElse(this::unreached));
            steps.expect(5);
            Launcher.join(job);
        });
    }

    @Test
    void testSelectReceiveWaitWithDefault() {
        rig.run(() -> {
            steps.expect(1);
            Channel<String> channel = Coro.channel();
            Coro.<Void>selectBiased(channel.onReceive(v -> unreached()), SelectClause.orElse(() -> {
                steps.expect(2);
                return null;
            }));
            steps.expect(3);
            // make sure send blocks (select above is over)
            CompletableFuture<Void> job = rig.launch(() -> {
                steps.waitFor(4);
                steps.expect(5);
                channel.send("CHK");
                steps.waitFor(7);
                steps.finish(8);
            });
            steps.expect(4);
            rig.waitSuspended("Channel.send");
            steps.expect(6);
            assertThat(channel.receive()).isEqualTo("CHK");
            steps.expect(7);
            Launcher.join(job);
        });
    }

    @Test
    void testSelectReceiveWait() {
        rig.run(() -> {
            steps.expect(1);
            Channel<String> channel = Coro.channel();
            CompletableFuture<Void> job = rig.launch(() -> {
                rig.waitSuspended("Coro.select");
                steps.expect(3);
                channel.send("OK");
                steps.expect(4);
            });
            steps.expect(2);
            Coro.<Void>selectBiased(channel.onReceive(v -> {
                steps.waitFor(4);
                steps.expect(5);
                assertThat(v).isEqualTo("OK");
                return null;
            }));
            steps.finish(6);
            Launcher.join(job);
        });
    }

    @Test
    void testSelectReceiveClosed() {
        rig.run(() -> {
            steps.expect(1);
            Channel<String> channel = Coro.channel();
            channel.done();
            steps.finish(2);
            assertThatThrownBy(() -> Coro.<Void>selectBiased(channel.onReceive(v -> unreached())))
                    .isInstanceOf(ChannelClosedException.class);
        });
    }

    @Test
    void testSelectReceiveWaitClosed() {
        rig.run(() -> {
            steps.expect(1);
            Channel<String> channel = Coro.channel();
            CompletableFuture<Void> job = rig.launch(() -> {
                rig.waitSuspended("Coro.select");
                steps.expect(3);
                channel.done();
                steps.finish(4);
            });
            steps.expect(2);
            assertThatThrownBy(() -> Coro.<Void>selectBiased(channel.onReceive(v -> unreached())))
                    .isInstanceOf(ChannelClosedException.class);
            Launcher.join(job);
        });
    }

    @Test
    void testSelectSendResourceCleanup() {
        Channel<Integer> channel = Coro.channel();
        int n = 1_000;
        steps.expect(1);
        for (int i = 0; i < n; i++) {
            int step = i + 2;
            Coro.<Void>selectBiased(channel.onSend(i, this::unreached), SelectClause.orElse(() -> {
                steps.expect(step);
                return null;
            }));
        }
        steps.finish(n + 2);
    }

    @Test
    void testSelectReceiveResourceCleanup() {
        Channel<Integer> channel = Coro.channel();
        int n = 1_000;
        steps.expect(1);
        for (int i = 0; i < n; i++) {
            int step = i + 2;
            Coro.<Void>selectBiased(channel.onReceive(v -> unreached()), SelectClause.orElse(() -> {
                steps.expect(step);
                return null;
            }));
        }
        steps.finish(n + 2);
    }

    @Test
    void testSelectAtomicFailure() {
        rig.run(() -> {
            Channel<Integer> c1 = Coro.channel();
            Channel<Integer> c2 = Coro.channel();
            steps.expect(1);
            CompletableFuture<Void> job = rig.launch(() -> {
                steps.waitFor(2);
                steps.expect(3);
                String res = Coro.selectBiased(
                        c1.onReceive(v1 -> {
                            steps.expect(4);
                            assertThat(v1).isEqualTo(42);
                            steps.waitFor(6); // Kotlin yields back to main here
                            steps.expect(7);
                            return "OK";
                        }),
                        c2.onReceive(v -> "FAIL"));
                steps.expect(8);
                assertThat(res).isEqualTo("OK");
            });
            steps.expect(2);
            c1.send(42); // to the coroutine's select, which is waiting or comes
            steps.waitFor(4);
            steps.expect(5);
            c2.done(); // makes sure that the selected clause does not fail
            steps.expect(6);
            Launcher.join(job);
            steps.finish(9);
        });
    }

    @Test
    void testSelectWaitDispatch() {
        rig.run(() -> {
            Channel<Integer> c = Coro.channel();
            steps.expect(1);
            CompletableFuture<Void> job = rig.launch(() -> {
                steps.waitFor(2);
                steps.expect(3);
                String res = Coro.selectBiased(c.onReceive(v -> {
                    steps.waitFor(5);
                    steps.expect(6);
                    assertThat(v).isEqualTo(42);
                    steps.waitFor(7); // Kotlin yields back to main here
                    steps.expect(8);
                    return "OK";
                }));
                steps.expect(9);
                assertThat(res).isEqualTo("OK");
            });
            steps.expect(2);
            rig.waitSuspended("Coro.select");
            steps.expect(4);
            c.send(42); // does not suspend: the select waits
            steps.expect(5);
            steps.waitFor(6);
            steps.expect(7);
            Launcher.join(job);
            steps.finish(10);
        });
    }

    @Test
    void testSelectReceiveCatchingWaitClosed() {
        rig.run(() -> {
            steps.expect(1);
            Channel<String> channel = Coro.channel();
            CompletableFuture<Void> job = rig.launch(() -> {
                rig.waitSuspended("Coro.select");
                steps.expect(3);
                channel.done();
                steps.expect(4);
            });
            steps.expect(2);
            // Kotlin: onReceiveCatching yields a closed result without a cause; ours: the receive clause throws.
            assertThatThrownBy(() -> Coro.<Void>selectBiased(channel.onReceive(v -> unreached())))
                    .isInstanceOf(ChannelClosedException.class)
                    .hasNoCause();
            steps.waitFor(4);
            steps.expect(5);
            Launcher.join(job);
            steps.finish(6);
        });
    }

    @Test
    void testSelectReceiveCatchingWaitClosedWithCause() {
        rig.run(() -> {
            steps.expect(1);
            Channel<String> channel = Coro.channel();
            TestException failure = new TestException();
            CompletableFuture<Void> job = rig.launch(() -> {
                rig.waitSuspended("Coro.select");
                steps.expect(3);
                channel.error(failure);
                steps.expect(4);
            });
            steps.expect(2);
            // Kotlin: a closed result whose exception is the TestException; ours: the clause throws it.
            assertThatThrownBy(() -> Coro.<Void>selectBiased(channel.onReceive(v -> unreached())))
                    .isSameAs(failure);
            steps.waitFor(4);
            steps.expect(5);
            Launcher.join(job);
            steps.finish(6);
        });
    }

    @Test
    void testSelectReceiveCatchingForClosedChannel() {
        Channel<String> channel = Coro.channel();
        channel.done();
        steps.expect(1);
        steps.expect(2);
        assertThatThrownBy(() -> Coro.<Void>selectBiased(channel.onReceive(v -> unreached())))
                .isInstanceOf(ChannelClosedException.class)
                .hasNoCause();
        steps.finish(3);
    }

    @Test
    void testSelectReceiveCatching() {
        rig.run(() -> {
            Channel<Integer> channel = Coro.channel();
            int iterations = 10;
            steps.expect(1);
            CompletableFuture<Void> job = rig.launch(() -> {
                for (int i = 0; i < iterations; i++) {
                    int it = i;
                    Coro.<Void>selectBiased(channel.onReceive(v -> {
                        steps.waitFor(3 + it * 2);
                        steps.expect(4 + it * 2);
                        assertThat(v).isEqualTo(it);
                        return null;
                    }));
                }
            });
            steps.expect(2);
            for (int i = 0; i < iterations; i++) {
                steps.expect(3 + i * 2);
                channel.send(i);
                steps.waitFor(4 + i * 2); // Kotlin yields to the receiving select
            }
            Launcher.join(job);
            steps.finish(3 + iterations * 2);
        });
    }

    @Test
    void testSelectReceiveCatchingDispatch() {
        // Kotlin's onReceiveCatching with a value: the same as onReceive (testSelectWaitDispatch).
        rig.run(() -> {
            Channel<Integer> c = Coro.channel();
            steps.expect(1);
            CompletableFuture<Void> job = rig.launch(() -> {
                steps.waitFor(2);
                steps.expect(3);
                String res = Coro.selectBiased(c.onReceive(v -> {
                    steps.waitFor(5);
                    steps.expect(6);
                    assertThat(v).isEqualTo(42);
                    steps.waitFor(7);
                    steps.expect(8);
                    return "OK";
                }));
                steps.expect(9);
                assertThat(res).isEqualTo("OK");
            });
            steps.expect(2);
            rig.waitSuspended("Coro.select");
            steps.expect(4);
            c.send(42);
            steps.expect(5);
            steps.waitFor(6);
            steps.expect(7);
            Launcher.join(job);
            steps.finish(10);
        });
    }

    @Test
    void testSelectSendWhenClosed() {
        // Deliberate difference: Kotlin keeps the value of a sender that was waiting when the channel closed (the
        // receive gets 1); ours, as Go's, fails the waiting sender with ChannelClosedException (Channel.done).
        rig.run(() -> {
            steps.expect(1);
            Channel<Integer> c = Coro.channel();
            CompletableFuture<Void> job = rig.launch(() -> {
                steps.expect(2);
                assertThatThrownBy(() -> c.send(1)) // enqueue sender
                        .isInstanceOf(ChannelClosedException.class);
                steps.waitFor(3);
                steps.finish(4);
            });
            rig.waitSuspended("Channel.send");
            c.done(); // then close
            assertThatThrownBy(() -> {
                        // select sender should fail
                        steps.expect(3);
                        Coro.<Void>selectBiased(c.onSend(2, this::unreached));
                    })
                    .isInstanceOf(ChannelClosedException.class);
            assertThatThrownBy(c::receive).isInstanceOf(ChannelClosedException.class);
            Launcher.join(job);
        });
    }

    @Test
    void testSelectSendAndReceive() {
        // Kotlin refuses a select with onSend and onReceive on one channel (IllegalStateException); ours allows it,
        // as Go does (TestSelfSelect): the select never meets itself, so with nobody else it takes the default.
        Channel<Integer> c = Coro.channel();
        String res = Coro.selectBiased(
                c.onSend(1, () -> "sent"), c.onReceive(v -> "received"), SelectClause.orElse(() -> "nobody else"));
        assertThat(res).isEqualTo("nobody else");
        checkNotBroken(c);
    }

    @Test
    void testSelectReceiveAndSend() {
        Channel<Integer> c = Coro.channel();
        String res = Coro.selectBiased(
                c.onReceive(v -> "received"), c.onSend(1, () -> "sent"), SelectClause.orElse(() -> "nobody else"));
        assertThat(res).isEqualTo("nobody else");
        checkNotBroken(c);
    }

    /** Makes sure the channel is not broken. */
    private void checkNotBroken(Channel<Integer> c) {
        rig.run(() -> Coro.scope(scope -> {
            scope.fork(() -> {
                c.send(42);
                return null;
            });
            assertThat(c.receive()).isEqualTo(42);
            return null;
        }));
    }
}
