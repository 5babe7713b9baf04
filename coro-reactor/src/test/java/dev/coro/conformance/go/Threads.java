package dev.coro.conformance.go;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** A JVM thread dump with the virtual threads (the JDK's own format), written when a test hangs. */
final class Threads {

    private Threads() {}

    /** Writes the dump under {@code target/} and returns where, or why it could not. */
    static String dump() {
        try {
            Path dir = Files.createDirectories(Path.of("target", "hang-dumps"));
            Path file = dir.resolve("threads-" + System.nanoTime() + ".txt");
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .dumpThreads(file.toAbsolutePath().toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.TEXT_PLAIN);
            return "thread dump (virtual threads included): " + file.toAbsolutePath();
        } catch (IOException | RuntimeException e) {
            return "no thread dump: " + e;
        }
    }
}
