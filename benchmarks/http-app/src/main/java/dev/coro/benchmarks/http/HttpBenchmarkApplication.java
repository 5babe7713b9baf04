package dev.coro.benchmarks.http;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Starts the benchmark app; see the package documentation for its endpoints. */
@SpringBootApplication
public class HttpBenchmarkApplication {

    /**
     * Runs the app.
     *
     * @param args Spring Boot arguments, e.g. {@code --server.port=18200}
     */
    public static void main(String[] args) {
        SpringApplication.run(HttpBenchmarkApplication.class, args);
    }
}
