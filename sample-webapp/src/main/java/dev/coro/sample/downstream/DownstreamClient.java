package dev.coro.sample.downstream;

import dev.coro.sample.ShopProperties;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Mono;

/**
 * Calls the downstream services over HTTP with WebClient; shared by every API variant.
 *
 * <p>Every call is bounded by {@code shop.downstream.timeout} and its failures are translated here, once: an error
 * status or a refused connection becomes {@link DownstreamException} (502), a timeout
 * {@link DownstreamTimeoutException} (504).
 */
@Component
public class DownstreamClient {

    private final WebClient web;
    private final ShopProperties.Downstream properties;
    private final Environment environment;
    private volatile @Nullable String baseUrl;

    DownstreamClient(WebClient.Builder builder, ShopProperties properties, Environment environment) {
        this.web = builder.build();
        this.properties = properties.downstream();
        this.environment = environment;
    }

    /**
     * Asks the shipping service for a quote.
     *
     * @param country destination, ISO two-letter code
     * @param items number of units to ship
     * @return the quote
     */
    public Mono<ShippingQuote> shippingQuote(String country, int items) {
        return get("shipping", "/shipping/quote?country={country}&items={items}", ShippingQuote.class, country, items);
    }

    /**
     * Asks the loyalty service for a customer's status.
     *
     * @param customerId the customer
     * @return the status
     */
    public Mono<Loyalty> loyalty(long customerId) {
        return get("loyalty", "/loyalty/{customerId}", Loyalty.class, customerId);
    }

    /**
     * Asks the recommendation service for products to suggest.
     *
     * @param customerId the customer
     * @return the recommendations
     */
    public Mono<Recommendations> recommendations(long customerId) {
        return get("recommendations", "/recommendations/{customerId}", Recommendations.class, customerId);
    }

    private <T> Mono<T> get(String service, String path, Class<T> type, Object... variables) {
        Duration timeout = properties.timeout();
        return Mono.defer(() ->
                        web.get().uri(baseUrl() + path, variables).retrieve().bodyToMono(type))
                .timeout(timeout)
                .onErrorMap(TimeoutException.class, e -> new DownstreamTimeoutException(service, timeout, e))
                .onErrorMap(
                        WebClientResponseException.class,
                        e -> new DownstreamException(
                                service, "answered " + e.getStatusCode().value(), e))
                .onErrorMap(
                        WebClientRequestException.class,
                        e -> new DownstreamException(service, "is unreachable: " + e.getMessage(), e));
    }

    private String baseUrl() {
        String url = baseUrl;
        if (url == null) {
            url = properties.baseUrl().isBlank() ? ownSimulation() : properties.baseUrl();
            baseUrl = url;
        }
        return url;
    }

    // The port is known only once the server runs (8080, or a random one in tests).
    private String ownSimulation() {
        String port = environment.getProperty("local.server.port");
        if (port == null) {
            throw new IllegalStateException("shop.downstream.base-url is empty, so the built-in simulation under "
                    + "/downstream is used, but the web server has not started yet; set shop.downstream.base-url");
        }
        return "http://127.0.0.1:" + port + "/downstream";
    }
}
