package dev.coro;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An ordering trail, like kotlinx.coroutines' {@code expect(n)}: every step records where it ran, and the test asserts
 * the exact sequence, which shows where each side suspended and resumed.
 */
final class Trail {

    private final List<String> steps = new CopyOnWriteArrayList<>();

    void add(String step) {
        steps.add(step);
    }

    List<String> steps() {
        return List.copyOf(steps);
    }

    void assertSteps(String... expected) {
        assertThat(steps).containsExactly(expected);
    }
}
