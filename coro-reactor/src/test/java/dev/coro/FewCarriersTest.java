package dev.coro;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Guards the few-carrier Surefire executions of coro-reactor's pom: when they pass
 * {@code -Djdk.virtualThreadScheduler.parallelism=N}, virtual threads really run on at most N carriers, so the tagged
 * tests there do exercise one and two carriers.
 */
@Tag("stress")
class FewCarriersTest {

    @Test
    void virtualThreadsRunOnAtMostTheConfiguredCarriers() throws Exception {
        String parallelism = System.getProperty("jdk.virtualThreadScheduler.parallelism");
        int expectedMax = parallelism != null
                ? Integer.parseInt(parallelism)
                : Runtime.getRuntime().availableProcessors();
        Set<String> carriers = ConcurrentHashMap.newKeySet();
        int threads = 32;
        CountDownLatch done = new CountDownLatch(threads);
        for (int i = 0; i < threads; i++) {
            Thread.ofVirtual().start(() -> {
                for (int round = 0; round < 20; round++) {
                    carriers.add(carrierOf(Thread.currentThread()));
                    Thread.yield();
                }
                done.countDown();
            });
        }
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(carriers).isNotEmpty().hasSizeLessThanOrEqualTo(expectedMax);
    }

    /** A mounted virtual thread's toString ends with "@" and its carrier's name (JDK 21 to 25). */
    private static String carrierOf(Thread virtual) {
        String s = virtual.toString();
        int at = s.lastIndexOf('@');
        assertThat(at).as("carrier in %s", s).isPositive();
        return s.substring(at + 1);
    }
}
