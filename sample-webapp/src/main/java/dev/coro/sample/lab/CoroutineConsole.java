package dev.coro.sample.lab;

import dev.coro.CoroScheduler;
import dev.coro.CoroutineInfo;
import dev.coro.CoroutineState;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;

/**
 * The live coroutines of the app's handlers (the starter's {@link CoroScheduler}), for the page: one stream shared by
 * every open page, so that ten pages cost what one does.
 *
 * <p>The counters (the starter's {@code coro.coroutines.*} meters read the same ones) go out twice a second; the
 * breakdown by state, by what is awaited and the oldest coroutine comes from a coroutine dump, which walks every
 * coroutine's stack, so it is taken every other second only.
 */
@RestController
class CoroutineConsole {

    private static final Duration EVERY = Duration.ofMillis(500);
    private static final int DUMP_EVERY_TICKS = 4;

    /**
     * What the page shows.
     *
     * @param active coroutines alive now
     * @param started started since startup
     * @param completed returned normally
     * @param failed threw
     * @param cancelled were cancelled
     * @param byState live coroutines by state, from the latest dump
     * @param awaiting the most awaited publishers with their counts, from the latest dump
     * @param oldest the oldest live coroutine, from the latest dump
     */
    record Live(
            int active,
            long started,
            long completed,
            long failed,
            long cancelled,
            Map<CoroutineState, Long> byState,
            List<Awaited> awaiting,
            @Nullable Oldest oldest) {}

    record Awaited(String what, long count) {}

    record Oldest(
            String name,
            long ageMillis,
            CoroutineState state,
            @Nullable String awaiting) {}

    private final Flux<ServerSentEvent<Live>> live;

    CoroutineConsole(CoroScheduler scheduler) {
        var dump = new Object() {
            Map<CoroutineState, Long> byState = Map.of();
            List<Awaited> awaiting = List.of();

            @Nullable
            Oldest oldest;
        };
        this.live = Flux.interval(Duration.ZERO, EVERY)
                .onBackpressureDrop()
                .map(tick -> {
                    if (tick % DUMP_EVERY_TICKS == 0 || scheduler.activeCount() == 0) {
                        List<CoroutineInfo> coroutines =
                                scheduler.activeCount() == 0 ? List.of() : scheduler.coroutines();
                        var states = new EnumMap<CoroutineState, Long>(CoroutineState.class);
                        for (CoroutineState state : CoroutineState.values()) states.put(state, 0L);
                        coroutines.forEach(c -> states.merge(c.state(), 1L, Long::sum));
                        dump.byState = states;
                        dump.awaiting = coroutines.stream()
                                .filter(c -> c.awaiting() != null)
                                .collect(Collectors.groupingBy(CoroutineInfo::awaiting, Collectors.counting()))
                                .entrySet()
                                .stream()
                                .map(e -> new Awaited(e.getKey(), e.getValue()))
                                .sorted(Comparator.comparingLong(Awaited::count).reversed())
                                .limit(5)
                                .toList();
                        dump.oldest = coroutines.stream()
                                .findFirst()
                                .map(c -> new Oldest(c.name(), c.age().toMillis(), c.state(), c.awaiting()))
                                .orElse(null);
                    }
                    return new Live(
                            scheduler.activeCount(),
                            scheduler.startedCount(),
                            scheduler.completedCount(),
                            scheduler.failedCount(),
                            scheduler.cancelledCount(),
                            dump.byState,
                            dump.awaiting,
                            dump.oldest);
                })
                .map(live -> ServerSentEvent.builder(live).event("coroutines").build())
                .share();
    }

    @GetMapping(path = "/lab/coroutines", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<Live>> live() {
        return live;
    }
}
