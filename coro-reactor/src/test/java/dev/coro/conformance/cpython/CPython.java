package dev.coro.conformance.cpython;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coro.Generator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/** Helpers of the CPython ports: Python's {@code list(g)}, {@code next(g)}, and running a snippet in python3. */
final class CPython {

    private CPython() {}

    /** Python's {@code list(g)}: iterates (sends null) until the body returns. */
    static <O> List<@Nullable O> list(Generator<?, O> g) {
        List<@Nullable O> out = new ArrayList<>();
        for (O o : g) out.add(o);
        return out;
    }

    /** Python's {@code next(g)}. */
    static <I, O> @Nullable O next(Generator<I, O> g) {
        return g.send(null);
    }

    /**
     * What python3 prints for {@code script}, or null when python3 is not installed (the Java side is then checked
     * against the output the CPython test itself states).
     */
    static @Nullable String printed(String script) throws IOException, InterruptedException {
        Process python;
        try {
            python = new ProcessBuilder("python3", "-c", script)
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException notInstalled) {
            return null;
        }
        assertThat(python.waitFor(60, TimeUnit.SECONDS)).as("python3 finished").isTrue();
        String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(python.exitValue()).as(out).isZero();
        return out;
    }

    /** Asserts the Java port printed {@code expected} (the CPython test's own output) and that python3 agrees. */
    static void assertSameAsPython(String javaPrinted, String expected, String script)
            throws IOException, InterruptedException {
        assertThat(javaPrinted).isEqualTo(expected);
        String python = printed(script);
        if (python != null) {
            assertThat(python).as("python3's output").isEqualTo(expected);
        }
    }
}
