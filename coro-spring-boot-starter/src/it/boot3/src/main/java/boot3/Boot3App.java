package boot3;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A WebFlux application on Spring Boot 3, as a user who has not upgraded yet would start it with the starter. */
@SpringBootApplication
public class Boot3App {

    public static void main(String[] args) {
        SpringApplication.run(Boot3App.class, args);
    }
}
