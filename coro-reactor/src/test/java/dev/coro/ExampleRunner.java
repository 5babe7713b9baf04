package dev.coro;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.ToolProvider;

/** Compiles an example from {@code docs/examples} and runs it in a JVM of its own, returning what it printed. */
final class ExampleRunner {

    private ExampleRunner() {}

    static Path docs(String relative) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("docs/examples"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("docs/examples above the working directory").isNotNull();
        return dir.resolve("docs").resolve(relative);
    }

    /** The jars and folders an example needs: this library and what it depends on. */
    static String classpath(Class<?>... anchors) throws URISyntaxException {
        List<String> entries = new ArrayList<>();
        for (Class<?> anchor : anchors) {
            entries.add(Path.of(anchor.getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .toString());
        }
        return String.join(File.pathSeparator, entries);
    }

    static String compileAndRun(Path source, String mainClass, String classpath)
            throws IOException, InterruptedException {
        Path out = Files.createTempDirectory("coro-example");
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int rc = ToolProvider.getSystemJavaCompiler()
                .run(null, errors, errors, "-d", out.toString(), "-cp", classpath, source.toString());
        assertThat(rc)
                .as("javac " + source + ": " + errors.toString(StandardCharsets.UTF_8))
                .isZero();
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(java, "-cp", out + File.pathSeparator + classpath, mainClass)
                .redirectErrorStream(true)
                .start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("example finished").isTrue();
        String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("exit code; output:\n" + printed).isZero();
        return printed;
    }
}
