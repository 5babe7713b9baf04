package dev.coro.sample;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Debian's {@code chromium}, headless, with a fresh profile, driven over the Chrome DevTools Protocol: evaluate
 * JavaScript in the page and read the result. Closing it ends the browser and deletes the profile.
 */
final class HeadlessChromium implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Process process;
    private final Path profile;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private WebSocket page;

    /** Finds the binary: {@code $CHROMIUM_BIN}, else {@code chromium} (or Chrome) on the PATH. */
    static Optional<Path> find() {
        String explicit = System.getenv("CHROMIUM_BIN");
        if (explicit != null && !explicit.isBlank()) return Optional.of(Path.of(explicit));
        List<String> path =
                List.of(System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator));
        return Stream.of("chromium", "google-chrome", "chromium-browser")
                .flatMap(name -> path.stream().map(dir -> Path.of(dir, name)))
                .filter(Files::isExecutable)
                .findFirst();
    }

    HeadlessChromium(Path binary, String url) throws Exception {
        profile = Files.createTempDirectory("coro-sample-chromium");
        process = new ProcessBuilder(
                        binary.toString(),
                        "--headless",
                        "--no-sandbox", // CI runs as root, where Chromium's sandbox cannot start
                        "--disable-gpu",
                        "--disable-background-networking",
                        "--no-first-run",
                        "--disable-component-update",
                        "--disable-sync",
                        "--user-data-dir=" + profile,
                        "--remote-debugging-address=127.0.0.1",
                        "--remote-debugging-port=0",
                        url)
                .redirectErrorStream(true)
                .redirectOutput(profile.resolve("chromium.log").toFile())
                .start();
        try {
            connect(url);
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    /**
     * Evaluates {@code expression} in the page and returns its value as JSON.
     *
     * @param expression JavaScript; its value must be JSON-serialisable
     * @return the value
     */
    JsonNode evaluate(String expression) throws Exception {
        JsonNode reply = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
        JsonNode result = reply.path("result");
        if (result.has("exceptionDetails")) {
            throw new AssertionError("page script failed: " + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    private void connect(String url) throws Exception {
        // With port 0, Chromium picks a free port and writes it to DevToolsActivePort in the profile.
        Path portFile = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!Files.exists(portFile) || Files.readAllLines(portFile).isEmpty()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("chromium did not open its DevTools port; its log:\n" + log());
            }
            Thread.sleep(100);
        }
        int port = Integer.parseInt(Files.readAllLines(portFile).getFirst().trim());
        String pageSocket = null;
        while (pageSocket == null) {
            String targets = http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            for (JsonNode target : JSON.readTree(targets)) {
                if ("page".equals(target.path("type").asString())
                        && target.path("url").asString().startsWith(url)) {
                    pageSocket = target.path("webSocketDebuggerUrl").asString();
                }
            }
            if (pageSocket == null) {
                if (System.nanoTime() > deadline) throw new IllegalStateException("no page target for " + url);
                Thread.sleep(100);
            }
        }
        page = http.newWebSocketBuilder()
                .buildAsync(URI.create(pageSocket), new Replies())
                .get(10, TimeUnit.SECONDS);
    }

    private JsonNode call(String method, Map<String, Object> params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        page.sendText(JSON.writeValueAsString(Map.of("id", id, "method", method, "params", params)), true)
                .get(10, TimeUnit.SECONDS);
        return reply.get(10, TimeUnit.SECONDS);
    }

    private final class Replies implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                JsonNode message = JSON.readTree(text.toString());
                text.setLength(0);
                if (message.has("id")) {
                    CompletableFuture<JsonNode> reply =
                            pending.remove(message.get("id").asInt());
                    if (reply != null) reply.complete(message);
                }
            }
            socket.request(1);
            return null;
        }
    }

    private String log() {
        try {
            return Files.readString(profile.resolve("chromium.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /**
     * Ends every Chromium process of this browser and deletes the profile. Never throws: a test that passed stays
     * passed; a profile that cannot be deleted now is retried at JVM exit and reported on stderr.
     */
    @Override
    public void close() {
        if (page != null) page.abort();
        http.close();
        // Chromium's helpers (zygote, renderers, crashpad) keep writing into the profile after the main process
        // exits, and crashpad is double-forked, so it is no descendant: every process naming the profile counts.
        endAll(Duration.ofSeconds(10));
        for (int attempt = 1; ; attempt++) {
            try {
                deleteProfile();
                return;
            } catch (IOException e) {
                if (attempt == 10) {
                    System.err.println(
                            "[HeadlessChromium] could not delete " + profile + " (" + e + "); retrying at JVM exit");
                    Runtime.getRuntime().addShutdownHook(new Thread(this::deleteQuietly));
                    return;
                }
                endAll(Duration.ofSeconds(2));
                sleep(Duration.ofMillis(200));
            }
        }
    }

    /** Asks the browser's processes to exit, waits up to {@code grace}, then kills those left, waiting again. */
    private void endAll(Duration grace) {
        List<ProcessHandle> tree = browserProcesses();
        tree.forEach(ProcessHandle::destroy);
        if (!awaitExit(tree, grace)) {
            browserProcesses().forEach(ProcessHandle::destroyForcibly);
            awaitExit(browserProcesses(), grace);
        }
    }

    Path profile() {
        return profile;
    }

    /** The live processes of this browser: the one started, its descendants, and any process naming the profile. */
    List<ProcessHandle> browserProcesses() {
        String marker = profile.toString();
        Stream<ProcessHandle> named = ProcessHandle.allProcesses()
                .filter(p -> p.info()
                        .commandLine()
                        .map(line -> line.contains(marker))
                        .orElse(false));
        return Stream.concat(Stream.concat(Stream.of(process.toHandle()), process.descendants()), named)
                .filter(ProcessHandle::isAlive)
                .distinct()
                .toList();
    }

    private static boolean awaitExit(List<ProcessHandle> processes, Duration timeout) {
        CompletableFuture<?>[] exits =
                processes.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(exits).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return false;
        }
    }

    private void deleteProfile() throws IOException {
        if (!Files.exists(profile)) return;
        try (Stream<Path> files = Files.walk(profile)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause(); // walking while a file vanished
        }
    }

    private void deleteQuietly() {
        try {
            deleteProfile();
        } catch (IOException e) {
            System.err.println("[HeadlessChromium] " + profile + " is left behind: " + e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static List<String> strings(JsonNode array) {
        return array.valueStream().map(JsonNode::asString).toList();
    }
}
