package dev.coro;

import static dev.coro.Coro.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import jdk.jfr.Configuration;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

class CoroutineEventsTest {

    private final CoroScheduler scheduler =
            CoroScheduler.builder().namePrefix("jfr-").build();

    @Test
    void aRecordingWithTheShippedSettingsShowsACoroutineThatAwaitsOnce(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("coroutines.jfr");
        String name;
        try (Recording recording = new Recording(shippedSettings())) {
            recording.start();
            name = Coro.mono(() -> {
                        await(Mono.delay(Duration.ofMillis(20)).name("payment-service"));
                        return Thread.currentThread().getName();
                    })
                    .contextWrite(Context.of(CoroScheduler.CONTEXT_KEY, scheduler))
                    .block(Duration.ofSeconds(30));
            // The Ended event is committed after the subscriber got the value: wait for the coroutine's end.
            while (scheduler.activeCount() > 0) {
                Thread.sleep(1);
            }
            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> mine = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().startsWith("dev.coro."))
                .filter(e -> Objects.equals(e.getString("coroutine"), name))
                .sorted(Comparator.comparing(RecordedEvent::getStartTime))
                .toList();

        assertThat(mine)
                .extracting(e -> e.getEventType().getName())
                .containsExactly(
                        "dev.coro.CoroutineStarted",
                        "dev.coro.CoroutineSuspended",
                        "dev.coro.CoroutineResumed",
                        "dev.coro.CoroutineEnded");
        assertThat(mine.get(0).getString("scheduler")).isEqualTo("jfr-");
        assertThat(mine.get(1).getString("awaiting")).isEqualTo("payment-service");
        assertThat(mine.get(1).getStackTrace().getFrames())
                .anySatisfy(f ->
                        assertThat(f.getMethod().getType().getName()).isEqualTo(CoroutineEventsTest.class.getName()));
        assertThat(mine.get(2).getDuration("suspended")).isPositive();
        assertThat(mine.get(3).getString("outcome")).isEqualTo("completed");
        assertThat(mine.get(3).getString("error")).isNull();
    }

    @Test
    void theEventsAreOffInARecordingThatDoesNotAskForThem() {
        try (Recording recording = new Recording()) {
            recording.start();
            Coro.mono(() -> await(Mono.delay(Duration.ofMillis(1))))
                    .contextWrite(Context.of(CoroScheduler.CONTEXT_KEY, scheduler))
                    .block(Duration.ofSeconds(30));
            assertThat(FlightRecorder.getFlightRecorder().getEventTypes())
                    .filteredOn(t -> t.getName().startsWith("dev.coro."))
                    .extracting(EventType::getName)
                    .contains("dev.coro.CoroutineStarted", "dev.coro.CoroutineSuspended")
                    .allSatisfy(n -> assertThat(recording.getSettings()).doesNotContainKey(n + "#enabled"));
            assertThat(FlightRecorder.getFlightRecorder().getEventTypes())
                    .filteredOn(t -> t.getName().startsWith("dev.coro."))
                    .allSatisfy(t -> assertThat(t.isEnabled()).as(t.getName()).isFalse());
        }
    }

    @Test
    void aFailedCoroutineEndsWithItsOutcomeAndErrorClass(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("failed.jfr");
        try (Recording recording = new Recording(shippedSettings())) {
            recording.start();
            Mono<Object> failing = Coro.mono(() -> {
                        throw new IllegalStateException("boom");
                    })
                    .contextWrite(Context.of(CoroScheduler.CONTEXT_KEY, scheduler));
            failing.onErrorResume(e -> Mono.empty()).block(Duration.ofSeconds(30));
            while (scheduler.activeCount() > 0) {
                Thread.sleep(1);
            }
            recording.stop();
            recording.dump(file);
        }
        assertThat(RecordingFile.readAllEvents(file))
                .filteredOn(e -> e.getEventType().getName().equals("dev.coro.CoroutineEnded"))
                .filteredOn(
                        e -> Objects.requireNonNull(e.getString("coroutine")).startsWith("jfr-"))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.getString("outcome")).isEqualTo("failed");
                    assertThat(e.getString("error")).isEqualTo(IllegalStateException.class.getName());
                });
    }

    static Configuration shippedSettings() throws Exception {
        try (Reader jfc = new InputStreamReader(
                Objects.requireNonNull(
                        CoroutineEvents.class.getResourceAsStream("/META-INF/coro-reactor/coroutines.jfc")),
                StandardCharsets.UTF_8)) {
            return Configuration.create(jfc);
        }
    }
}
