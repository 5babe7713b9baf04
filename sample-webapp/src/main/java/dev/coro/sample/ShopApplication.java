package dev.coro.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Starts the sample shop: {@code mvn -pl sample-webapp -am spring-boot:run}, then open http://localhost:8080/.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ShopApplication {

    /**
     * Runs the app.
     *
     * @param args Spring Boot command-line arguments, e.g. {@code --spring.profiles.active=postgres}
     */
    public static void main(String[] args) {
        SpringApplication.run(ShopApplication.class, args);
    }
}
