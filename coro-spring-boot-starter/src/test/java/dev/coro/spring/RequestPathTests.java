package dev.coro.spring;

import static dev.coro.Coro.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.coro.CoroScheduler;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.MethodParameter;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.config.BlockingExecutionConfigurer;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The path of a {@code @Coroutine} request with a JSON body through WebFlux and the starter: which thread runs each
 * phase, how often the request changes threads, and what the body path answers when the body is invalid, malformed,
 * too large or never finishes.
 */
@SpringBootTest(
        classes = RequestPathTests.App.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "coro.scheduler.name-prefix=path-",
            "spring.http.codecs.max-in-memory-size=1KB",
            "spring.web.error.include-binding-errors=always"
        })
@ExtendWith(OutputCaptureExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RequestPathTests {

    @LocalServerPort
    int port;

    @Autowired
    CoroScheduler scheduler;

    @Autowired
    LineController lines;

    WebTestClient client;

    @BeforeEach
    void bind() {
        client = WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(20))
                .build();
    }

    // First: the application's first @Coroutine request takes the same path as every later one.
    @Test
    @Order(1)
    void aRequestWithABodyCrossesFromTheEventLoopToItsCoroutineOnceAndPassesTheAdapterOnce() {
        for (int i = 0; i < 3; i++) {
            int passes = Passes.METHODS.size();
            String trace = "crossing-" + i;
            post("/path/line", trace, Map.of("trace", trace, "item", "pen", "quantity", 2))
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.item")
                    .isEqualTo("pen");

            List<Phase> phases = Phases.of(trace);
            assertThat(phases)
                    .extracting(Phase::name)
                    .containsExactly("dispatch", "resolve", "decode", "invoke", "respond");
            Thread eventLoop = phases.get(0).thread();
            Thread coroutine = phases.get(3).thread();
            assertThat(eventLoop.isVirtual()).isFalse();
            assertThat(eventLoop.getName()).as("a Netty event loop").contains("-http-");
            assertThat(coroutine.isVirtual()).isTrue();
            assertThat(coroutine.getName()).startsWith("path-RequestPathTests.LineController.line-");
            assertThat(phases)
                    .as("argument resolution and the body's decoding run where the request arrived, before the "
                            + "coroutine starts; the method and the response run on the coroutine")
                    .extracting(Phase::thread)
                    .containsExactly(eventLoop, eventLoop, eventLoop, coroutine, coroutine);
            assertThat(crossings(phases)).as("thread crossings of request " + i).isEqualTo(1);
            assertThat(Passes.METHODS.subList(passes, Passes.METHODS.size()))
                    .as("WebFlux's adapter ran nothing else (no preparation) for request " + i)
                    .isEmpty();
        }
    }

    @Test
    void aBodyFailingValidationIs400AsForAMonoHandler() {
        Map<String, Object> invalid = Map.of("trace", "invalid", "item", "", "quantity", 0);
        int calls = lines.calls.get();
        String fromCoroutine = errorsOf(post("/path/line", "invalid", invalid)
                .expectStatus()
                .isBadRequest()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody());
        String fromMono = errorsOf(post("/path/line-mono", "invalid", invalid)
                .expectStatus()
                .isBadRequest()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody());
        assertThat(fieldErrorsOf(fromCoroutine))
                .isEqualTo(fieldErrorsOf(fromMono))
                .containsExactly("item", "quantity");
        assertThat(lines.calls.get()).as("the method never ran").isEqualTo(calls);
        assertThat(Phases.of("invalid")).extracting(Phase::name).doesNotContain("invoke");
    }

    @Test
    void aMalformedBodyIs400AsForAMonoHandler() {
        String malformed = "{\"trace\":\"malformed\",\"item\":";
        int calls = lines.calls.get();
        String fromCoroutine = errorsOf(post("/path/line", "malformed", malformed)
                .expectStatus()
                .isBadRequest()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody());
        String fromMono = errorsOf(post("/path/line-mono", "malformed", malformed)
                .expectStatus()
                .isBadRequest()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody());
        assertThat(fromCoroutine).isEqualTo(fromMono);
        assertThat(lines.calls.get()).as("the method never ran").isEqualTo(calls);
    }

    @Test
    void aBodyOverTheCodecLimitIsAnsweredAsWebFluxAnswersAMonoHandler() {
        Map<String, Object> large = Map.of("trace", "large", "item", "x".repeat(4096), "quantity", 1);
        long started = scheduler.startedCount();
        int calls = lines.calls.get();
        var fromCoroutine = post("/path/line", "large", large)
                .expectStatus()
                .isEqualTo(HttpStatus.CONTENT_TOO_LARGE)
                .expectBody(String.class)
                .returnResult();
        var fromMono = post("/path/line-mono", "large", large)
                .expectStatus()
                .isEqualTo(HttpStatus.CONTENT_TOO_LARGE)
                .expectBody(String.class)
                .returnResult();
        assertThat(errorsOf(fromCoroutine.getResponseBody())).isEqualTo(errorsOf(fromMono.getResponseBody()));
        assertThat(lines.calls.get()).as("the method never ran").isEqualTo(calls);
        assertThat(scheduler.startedCount())
                .as("no coroutine started for a body that never resolved")
                .isEqualTo(started);
    }

    // Repeated: where the disconnect finds the request (reading headers, subscribing the body, waiting for it) varies.
    @RepeatedTest(3)
    void aClientGoneMidBodyEndsTheRequestWithoutACoroutineOrAnErrorLog(CapturedOutput output) throws Exception {
        String trace = "gone-" + System.nanoTime();
        long started = scheduler.startedCount();
        int calls = lines.calls.get();
        try (Socket socket = new Socket("localhost", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /path/line HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n" + "X-Trace: "
                            + trace + "\r\nContent-Length: 200\r\n\r\n{\"trace\":\"" + trace + "\",")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            await().atMost(Duration.ofSeconds(10))
                    .until(() ->
                            Phases.of(trace).stream().anyMatch(p -> p.name().equals("resolve")));
        }
        // Netty reports the lost client twice, racing: as a cancel of the response and as an error of the body. Either
        // ends the request's Reactor chain as it ends a Mono handler's (WebFlux logs the error as a 500 when it comes
        // first); no coroutine exists yet whose failure after the cancel would go to Reactor's onErrorDropped.
        await().during(Duration.ofMillis(500))
                .atMost(Duration.ofSeconds(5))
                .until(() -> !output.getAll().contains("onErrorDropped"));
        assertThat(lines.calls.get()).as("the method never ran").isEqualTo(calls);
        assertThat(scheduler.startedCount()).as("no coroutine started").isEqualTo(started);
        assertThat(scheduler.activeCount()).isZero();
        assertThat(Phases.of(trace)).extracting(Phase::name).doesNotContain("decode", "invoke");
    }

    private WebTestClient.ResponseSpec post(String uri, String trace, Object body) {
        return client.post()
                .uri(uri)
                .header("X-Trace", trace)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }

    private static int crossings(List<Phase> phases) {
        int crossings = 0;
        for (int i = 1; i < phases.size(); i++) {
            if (phases.get(i).thread() != phases.get(i - 1).thread()) {
                crossings++;
            }
        }
        return crossings;
    }

    /** The fields an error body reports errors for, sorted: Bean Validation reports them in no fixed order. */
    private static List<String> fieldErrorsOf(String body) {
        return Pattern.compile("\"field\":\"(\\w+)\"")
                .matcher(body)
                .results()
                .map(match -> match.group(1))
                .sorted()
                .toList();
    }

    /** The error body without what differs by design: the path and the timestamp. */
    private static String errorsOf(String body) {
        return body.replaceAll("\"(path|timestamp|requestId|instance)\":\"[^\"]*\"", "");
    }

    record Phase(String name, Thread thread) {}

    /** The phases each traced request went through, in order, with the thread that ran each. */
    static final class Phases {

        private static final Map<String, List<Phase>> BY_TRACE = new ConcurrentHashMap<>();

        static void record(String trace, String name) {
            BY_TRACE.computeIfAbsent(trace, t -> new CopyOnWriteArrayList<>())
                    .add(new Phase(name, Thread.currentThread()));
        }

        static List<Phase> of(String trace) {
            return new ArrayList<>(BY_TRACE.getOrDefault(trace, List.of()));
        }
    }

    /** Every handler method WebFlux's adapter pipeline ran, as its blocking-execution predicate is asked about it. */
    static final class Passes {
        static final List<Method> METHODS = new CopyOnWriteArrayList<>();
    }

    /** A parameter of this type is resolved by {@link TraceResolver}: the request's trace, recorded as "resolve". */
    record Trace(String id) {}

    record Line(String trace, @NotBlank String item, @Min(1) int quantity) {
        Line {
            // Jackson calls this while decoding the body.
            Phases.record(trace, "decode");
        }
    }

    @RestController
    @RequestMapping("/path")
    static class LineController {

        final AtomicInteger calls = new AtomicInteger();

        @Coroutine
        @PostMapping("/line")
        Line line(@Valid @RequestBody Line line, Trace trace) {
            calls.incrementAndGet();
            Phases.record(trace.id(), "invoke");
            await(Mono.delay(Duration.ofMillis(1)));
            return line;
        }

        @PostMapping("/line-mono")
        Mono<Line> lineMono(@Valid @RequestBody Line line) {
            return Mono.just(line);
        }
    }

    static final class TraceResolver implements HandlerMethodArgumentResolver {

        @Override
        public boolean supportsParameter(MethodParameter parameter) {
            return parameter.getParameterType() == Trace.class;
        }

        @Override
        public Mono<Object> resolveArgument(
                MethodParameter parameter, BindingContext bindingContext, ServerWebExchange exchange) {
            String id =
                    Objects.requireNonNull(exchange.getRequest().getHeaders().getFirst("X-Trace"));
            Phases.record(id, "resolve");
            exchange.getResponse().beforeCommit(() -> {
                Phases.record(id, "respond");
                return Mono.empty();
            });
            return Mono.just(new Trace(id));
        }
    }

    // Without Spring Security: its session-backed security context moves every request to Reactor's parallel
    // scheduler (WebFlux's in-memory session store publishes there), a crossing of its own.
    @SpringBootConfiguration
    @EnableAutoConfiguration(
            excludeName = {
                "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
                "org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration",
                "org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration",
                "org.springframework.boot.security.autoconfigure.actuate.web.reactive"
                        + ".ReactiveManagementWebSecurityAutoConfiguration",
                "org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration"
            })
    @Import(LineController.class)
    static class App implements WebFluxConfigurer {

        @Override
        public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
            configurer.addCustomResolver(new TraceResolver());
        }

        @Override
        public void configureBlockingExecution(BlockingExecutionConfigurer configurer) {
            // Never true: only to see every handler method that goes through WebFlux's adapter pipeline.
            configurer.setExecutor(new SimpleAsyncTaskExecutor()).setControllerMethodPredicate(method -> {
                Passes.METHODS.add(method.getMethod());
                return false;
            });
        }

        @Bean
        WebFilter dispatchPhase() {
            return (ServerWebExchange exchange, WebFilterChain chain) -> {
                String trace = exchange.getRequest().getHeaders().getFirst("X-Trace");
                if (trace != null) {
                    Phases.record(trace, "dispatch");
                }
                return chain.filter(exchange);
            };
        }
    }
}
