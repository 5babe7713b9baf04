package dev.coro.spring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * With {@code spring.threads.virtual.enabled}, Boot gives WebFlux a blocking executor for methods that do not return a
 * reactive type; {@code @Coroutine} methods still run as coroutines, the others on that executor.
 */
@SpringBootTest(
        classes = TestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.MOCK,
        properties = {"coro.scheduler.name-prefix=test-", "spring.threads.virtual.enabled=true"})
class VirtualThreadsTests {

    @Autowired
    ApplicationContext context;

    @Test
    void coroutineHandlersStayCoroutinesNextToBootsBlockingExecution() {
        WebTestClient client = WebTestClient.bindToApplicationContext(context).build();
        client.get()
                .uri("/orders/17")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Order.class)
                .value(order -> assertThat(order.thread()).startsWith("test-OrderController.order-"));
        client.get().uri("/orders/sleepy").exchange().expectStatus().isOk();
        client.post()
                .uri("/orders")
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .bodyValue(new Order(1, "pen", "client"))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(Order.class)
                .value(order -> assertThat(order.thread()).startsWith("test-OrderController.create-"));
    }
}
