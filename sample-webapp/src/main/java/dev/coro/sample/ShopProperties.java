package dev.coro.sample;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The sample's settings, under {@code shop.*}.
 *
 * @param downstream how the downstream services are reached
 * @param stream how the order stream pages through the database
 */
@ConfigurationProperties("shop")
public record ShopProperties(
        @DefaultValue Downstream downstream, @DefaultValue Stream stream) {

    /**
     * The downstream HTTP services.
     *
     * @param baseUrl base URL of the services; empty means this app's own simulation under {@code /downstream}
     * @param timeout how long a call may take before the API answers 504
     * @param simulatedLatency how long the built-in simulation takes to answer each call
     */
    public record Downstream(
            @DefaultValue("") String baseUrl,
            @DefaultValue("2s") Duration timeout,
            @DefaultValue("20ms") Duration simulatedLatency) {}

    /**
     * The server-sent order stream.
     *
     * @param pageSize how many orders one database query reads
     * @param pollInterval in follow mode, how long to wait before looking for new orders again
     */
    public record Stream(
            @DefaultValue("20") int pageSize,
            @DefaultValue("500ms") Duration pollInterval) {

        /** Rejects settings the stream cannot work with. */
        public Stream {
            if (pageSize < 1) {
                throw new IllegalArgumentException(
                        "shop.stream.page-size must be at least 1, was " + pageSize + "; 20 to 200 suits most setups");
            }
            if (pollInterval.isNegative() || pollInterval.isZero()) {
                throw new IllegalArgumentException(
                        "shop.stream.poll-interval must be positive, was " + pollInterval + "; try 500ms");
            }
        }
    }
}
