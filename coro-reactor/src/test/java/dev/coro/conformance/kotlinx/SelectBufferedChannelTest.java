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
 * Port of kotlinx.coroutines {@code kotlinx-coroutines-core/common/test/selects/SelectBufferedChannelTest.kt}, on
 * {@code Coro.channel(1)}; translation as in {@link SelectRendezvousChannelTest}: {@code select} is
 * {@link Coro#selectBiased}, {@code default} is {@link SelectClause#orElse}, {@code close()} is {@code done()}, a
 * coroutine Kotlin yields to is waited for until it is suspended, and two steps whose order Kotlin's dispatcher
 * decides are kept in order with {@link Steps#waitFor}. We have no {@code onReceiveCatching}: a receive clause on a
 * done channel throws {@link ChannelClosedException}, on one closed by {@code error(e)} it throws {@code e}
 * (deliberate difference, docs/coroutines.md).
 */
@Tag("conformance")
class SelectBufferedChannelTest {

    private final Steps steps = new Steps();
    private final Launcher rig = new Launcher("select-buffered");

    private <R> R unreached() {
        steps.expectUnreached();
        return null;
    }

    @Test
    void testSelectSendSuccess() {
        rig.run(() -> {
            steps.expect(1);
            Channel<String> channel = Coro.channel(1);
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
            Channel<String> channel = Coro.channel(1);
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
    void testSelectSendReceiveBuf() {
        steps.expect(1);
        Channel<String> channel = Coro.channel(1);
        Coro.<Void>selectBiased(channel.onSend("OK", () -> {
            steps.expect(2);
            return null;
        }));
        steps.expect(3);
        Coro.<Void>selectBiased(channel.onReceive(v -> {
            steps.expect(4);
            assertThat(v).isEqualTo("OK");
            return null;
        }));
        steps.finish(5);
    }

    @Test
    void testSelectSendWait() {
        rig.run(() -> {
            steps.expect(1);
            Channel<String> channel = Coro.channel(1);
            CompletableFuture<Void> job = rig.launch(() -> {
                rig.waitSuspended("Coro.select");
                steps.expect(4);
                assertThat(channel.receive()).isEqualTo("BUF");
                steps.expect(5);
                assertThat(channel.receive()).isEqualTo("OK");
                steps.expect(6);
            });
            steps.expect(2);
            channel.send("BUF");
            steps.expect(3);
            Coro.<Void>selectBiased(channel.onSend("OK", () -> {
                steps.waitFor(6);
                steps.expect(7);
                return null;
            }));
            steps.finish(8);
            Launcher.join(job);
        });
    }

    @Test
    void testSelectReceiveSuccess() {
        steps.expect(1);
        Channel<String> channel = Coro.channel(1);
        channel.send("OK");
        steps.expect(2);
        Coro.<Void>selectBiased(channel.onReceive(v -> {
            steps.expect(3);
            assertThat(v).isEqualTo("OK");
            return null;
        }));
        steps.finish(4);
    }

    @Test
    void testSelectReceiveSuccessWithDefault() {
        steps.expect(1);
        Channel<String> channel = Coro.channel(1);
        channel.send("OK");
        steps.expect(2);
        Coro.<Void>selectBiased(
                channel.onReceive(v -> {
                    steps.expect(3);
                    assertThat(v).isEqualTo("OK");
                    return null;
                }),
                SelectClause.orElse(this::unreached));
        steps.finish(4);
    }

    @Test
    void testSelectReceiveWaitWithDefault() {
        rig.run(() -> {
            steps.expect(1);
            Channel<String> channel = Coro.channel(1);
            Coro.<Void>selectBiased(channel.onReceive(v -> unreached()), SelectClause.orElse(() -> {
                steps.expect(2);
                return null;
            }));
            steps.expect(3);
            channel.send("BUF");
            steps.expect(4);
            // make sure second send blocks (select above is over)
            CompletableFuture<Void> job = rig.launch(() -> {
                steps.waitFor(5);
                steps.expect(6);
                channel.send("CHK");
                steps.waitFor(9);
                steps.finish(10);
            });
            steps.expect(5);
            rig.waitSuspended("Channel.send");
            steps.expect(7);
            assertThat(channel.receive()).isEqualTo("BUF");
            steps.expect(8);
            assertThat(channel.receive()).isEqualTo("CHK");
            steps.expect(9);
            Launcher.join(job);
        });
    }

    @Test
    void testSelectReceiveWait() {
        rig.run(() -> {
            steps.expect(1);
            Channel<String> channel = Coro.channel(1);
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
        steps.expect(1);
        Channel<String> channel = Coro.channel(1);
        channel.done();
        steps.finish(2);
        assertThatThrownBy(() -> Coro.<Void>selectBiased(channel.onReceive(v -> unreached())))
                .isInstanceOf(ChannelClosedException.class);
    }

    @Test
    void testSelectReceiveWaitClosed() {
        rig.run(() -> {
            steps.expect(1);
            Channel<String> channel = Coro.channel(1);
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
        Channel<Integer> channel = Coro.channel(1);
        int n = 1000;
        steps.expect(1);
        channel.send(-1); // fill the buffer, so all subsequent sends cannot proceed
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
        Channel<Integer> channel = Coro.channel(1);
        int n = 1000;
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
    void testSelectReceiveDispatchNonSuspending() {
        rig.run(() -> {
            Channel<Integer> channel = Coro.channel(1);
            steps.expect(1);
            channel.send(42);
            steps.expect(2);
            CompletableFuture<Void> job = rig.launch(() -> {
                steps.waitFor(3);
                steps.expect(4);
                Coro.<Void>selectBiased(channel.onReceive(v -> {
                    steps.expect(5);
                    assertThat(v).isEqualTo(42);
                    steps.expect(6);
                    return null;
                }));
                steps.expect(7); // returns from select without further dispatch
            });
            steps.expect(3);
            Launcher.join(job);
            steps.finish(8);
        });
    }

    @Test
    void testSelectReceiveDispatchNonSuspending2() {
        rig.run(() -> {
            Channel<Integer> channel = Coro.channel(1);
            steps.expect(1);
            channel.send(42);
            steps.expect(2);
            CompletableFuture<Void> job = rig.launch(() -> {
                steps.waitFor(3);
                steps.expect(4);
                Coro.<Void>selectBiased(channel.onReceive(v -> {
                    steps.expect(5);
                    assertThat(v).isEqualTo(42);
                    steps.expect(6);
                    steps.waitFor(7); // Kotlin yields back to main here
                    steps.expect(8);
                    return null;
                }));
                steps.expect(9); // returns from select without further dispatch
            });
            steps.expect(3);
            steps.waitFor(6);
            steps.expect(7);
            Launcher.join(job);
            steps.finish(10);
        });
    }

    @Test
    void testSelectReceiveOrClosedWaitClosed() {
        rig.run(() -> {
            steps.expect(1);
            Channel<String> channel = Coro.channel(1);
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
    void testSelectReceiveOrClosedWaitClosedWithCause() {
        rig.run(() -> {
            steps.expect(1);
            Channel<String> channel = Coro.channel(1);
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
    void testSelectReceiveCatching() {
        rig.run(() -> {
            Channel<Integer> c = Coro.channel(1);
            int iterations = 10;
            steps.expect(1);
            CompletableFuture<Void> job = rig.launch(() -> {
                for (int i = 0; i < iterations; i++) {
                    int it = i;
                    Coro.<Void>selectBiased(c.onReceive(v -> {
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
                c.send(i);
                steps.waitFor(4 + i * 2); // Kotlin yields to the receiving select
            }
            Launcher.join(job);
            steps.finish(3 + iterations * 2);
        });
    }

    @Test
    void testSelectReceiveOrClosedDispatch() {
        rig.run(() -> {
            Channel<Integer> c = Coro.channel(1);
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
            c.send(42); // does not suspend
            steps.expect(5);
            steps.waitFor(6);
            steps.expect(7);
            Launcher.join(job);
            steps.finish(10);
        });
    }

    @Test
    void testSelectReceiveOrClosedForClosedChannel() {
        Channel<Integer> channel = Coro.channel(1);
        channel.done();
        steps.expect(1);
        steps.expect(2);
        assertThatThrownBy(() -> Coro.<Void>selectBiased(channel.onReceive(v -> unreached())))
                .isInstanceOf(ChannelClosedException.class)
                .hasNoCause();
        steps.finish(3);
    }

    @Test
    void testSelectReceiveOrClosedForClosedChannelWithValue() {
        Channel<Integer> channel = Coro.channel(1);
        channel.send(42);
        channel.done();
        steps.expect(1);
        Coro.<Void>selectBiased(channel.onReceive(v -> {
            steps.expect(2);
            assertThat(v).isEqualTo(42); // the buffered value first, as Kotlin's non-closed result
            return null;
        }));
        steps.finish(3);
    }
}
