package dev.coro.sample;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Where the PostgreSQL for the tests is ({@code SHOP_PG_HOST}, {@code SHOP_PG_PORT}; defaults: the server that
 * {@code sample-webapp/scripts/postgres.sh} starts, as in {@link PostgresTest}'s URL), and a condition that skips
 * when it is not reachable, loudly, or fails when {@code CI=true}.
 */
final class PostgresServer implements ExecutionCondition {

    static String host() {
        return env("SHOP_PG_HOST", "127.0.0.1");
    }

    static int port() {
        return Integer.parseInt(env("SHOP_PG_PORT", "55432"));
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host(), port()), 2_000);
            return ConditionEvaluationResult.enabled("PostgreSQL reachable at " + host() + ":" + port());
        } catch (IOException e) {
            String message = "no PostgreSQL at " + host() + ":" + port() + " (" + e.getMessage()
                    + "): start one with `sample-webapp/scripts/postgres.sh start` (or set SHOP_PG_HOST/SHOP_PG_PORT)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException("CI=true requires the PostgreSQL contract tests, but " + message, e);
            }
            System.err.println("[WARNING] SKIPPED PostgreSQL contract tests: " + message);
            return ConditionEvaluationResult.disabled("SKIPPED PostgreSQL contract tests: " + message);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value; // as Spring's ${NAME:fallback} in PostgresTest
    }
}
