package dev.coro;

import static org.assertj.core.api.Assertions.assertThat;

import org.jspecify.annotations.NullMarked;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/** docs/examples/channels/FanInFanOut.java compiles against the library and prints what its comments promise. */
class FanInFanOutExampleTest {

    @Test
    void theFanInFanOutExampleRuns() throws Exception {
        String printed = ExampleRunner.compileAndRun(
                ExampleRunner.docs("examples/channels/FanInFanOut.java"),
                "FanInFanOut",
                ExampleRunner.classpath(Coro.class, Mono.class, Publisher.class, NullMarked.class));
        assertThat(printed).isEqualTo("""
                        received 20 results from 3 workers
                        squares: [1, 4, 9, 16, 25, 36, 49, 64, 81, 100, 121, 144, 169, 196, 225, 256, 289, 324, 361, 400]
                        sum: 2870
                        results channel done: true
                        """);
    }
}
