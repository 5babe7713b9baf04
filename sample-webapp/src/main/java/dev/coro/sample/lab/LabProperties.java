package dev.coro.sample.lab;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Bounds of the page's load lab, under {@code shop.lab.*}.
 *
 * @param maxRequests the most requests one run may send
 * @param maxConcurrency the most requests one run may keep in flight; keep it at most
 *     {@code shop.downstream.pool.max-connections} so that runs measure the handlers, not the downstream pool
 * @param maxDelay the longest wait a run against {@code /delay} may ask for
 */
@ConfigurationProperties("shop.lab")
public record LabProperties(
        @DefaultValue("20000") int maxRequests,
        @DefaultValue("2000") int maxConcurrency,
        @DefaultValue("60s") Duration maxDelay) {}
