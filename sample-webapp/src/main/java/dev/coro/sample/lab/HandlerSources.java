package dev.coro.sample.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * The exercised handler methods, cut out of their source files, which the build copies into the jar under
 * {@code handler-sources/} (maven-resources-plugin in the pom): what the page shows side by side.
 */
@Component
class HandlerSources {

    /**
     * One handler in the three variants.
     *
     * @param coro the straight-line {@code @Coroutine} method
     * @param callback the Reactor callback chain
     * @param blocking the blocking method on virtual threads
     */
    record Side(String coro, String callback, String blocking) {}

    Side of(String endpoint) {
        return switch (endpoint) {
            case "orders" ->
                new Side(
                        method("coro/CoroShopController.java", "@GetMapping(\"/orders/{id}\")"),
                        method("callback/CallbackShopController.java", "@GetMapping(\"/orders/{id}\")"),
                        method("blocking/BlockingShopController.java", "@GetMapping(\"/orders/{id}\")"));
            case "delay" ->
                new Side(
                        method("coro/CoroDelayController.java", "@GetMapping(\"/delay\")"),
                        method("callback/CallbackDelayController.java", "@GetMapping(\"/delay\")"),
                        method("blocking/BlockingDelayController.java", "@GetMapping(\"/delay\")"));
            default ->
                throw new ResponseStatusException(
                        HttpStatus.BAD_REQUEST, "endpoint must be 'orders' or 'delay', not '" + endpoint + "'");
        };
    }

    /** From the line holding {@code mapping} to the brace that closes the method after it. */
    static String method(String file, String mapping) {
        List<String> lines = read(file).lines().toList();
        int start = -1;
        for (int i = 0; i < lines.size() && start < 0; i++) {
            if (lines.get(i).contains(mapping)) start = i;
        }
        if (start < 0) throw new IllegalStateException(file + " has no method mapped with " + mapping);
        var method = new StringBuilder();
        int depth = 0;
        boolean opened = false;
        for (int i = start; i < lines.size(); i++) {
            String line = lines.get(i);
            method.append(line.length() >= 4 ? line.substring(4) : line.strip()).append('\n');
            for (char c : line.toCharArray()) {
                if (c == '{') depth++;
                if (c == '}') depth--;
            }
            if (depth > 0) opened = true; // the mapping's own "{id}" opens and closes on its line
            if (opened && depth == 0) break;
        }
        return method.toString();
    }

    private static String read(String file) {
        try (InputStream in = HandlerSources.class.getResourceAsStream("/handler-sources/" + file)) {
            if (in == null) {
                throw new IllegalStateException("handler-sources/" + file + " is not on the classpath: the build "
                        + "copies it (maven-resources-plugin, execution handler-sources); rebuild with mvn");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
