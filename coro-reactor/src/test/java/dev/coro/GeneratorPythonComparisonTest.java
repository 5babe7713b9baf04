package dev.coro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.NullMarked;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * The Python consumer/producer program and its line-for-line Java port print exactly the same, the consumer's return
 * value (PEP 380) included.
 */
class GeneratorPythonComparisonTest {

    private static final String EXPECTED = """
            [PRODUCER] Producing 1...
            [CONSUMER] Consuming 1...
            [PRODUCER] Consumer return: 200 OK
            [PRODUCER] Producing 2...
            [CONSUMER] Consuming 2...
            [PRODUCER] Consumer return: 200 OK
            [PRODUCER] Producing 3...
            [CONSUMER] Consuming 3...
            [PRODUCER] Consumer return: 200 OK
            [PRODUCER] Producing 4...
            [CONSUMER] Consuming 4...
            [PRODUCER] Consumer return: 200 OK
            [PRODUCER] Producing 5...
            [CONSUMER] Consuming 5...
            [PRODUCER] Consumer return: 200 OK
            [PRODUCER] Consumer consumed 5 values
            """;

    private static String javaOutput() throws Exception {
        return ExampleRunner.compileAndRun(
                ExampleRunner.docs("examples/generators/ConsumerProducer.java"),
                "ConsumerProducer",
                ExampleRunner.classpath(Coro.class, Mono.class, Publisher.class, NullMarked.class));
    }

    @Test
    void javaPortPrintsTheExpectedLines() throws Exception {
        assertThat(javaOutput()).isEqualTo(EXPECTED);
    }

    @Test
    void javaPortPrintsExactlyWhatCPythonPrints() throws Exception {
        Process python;
        try {
            python = new ProcessBuilder(
                            "python3",
                            ExampleRunner.docs("examples/generators/consumer_producer.py")
                                    .toString())
                    .redirectErrorStream(true)
                    .start();
        } catch (java.io.IOException e) {
            assumeTrue(
                    false,
                    "python3 is not installed on this machine (" + e.getMessage() + "): the comparison "
                            + "with CPython is skipped; javaPortPrintsTheExpectedLines still checks the Java output");
            return;
        }
        assertThat(python.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String cpython = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(python.exitValue()).as(cpython).isZero();
        assertThat(cpython).isEqualTo(EXPECTED);
        assertThat(javaOutput()).isEqualTo(cpython);
    }
}
