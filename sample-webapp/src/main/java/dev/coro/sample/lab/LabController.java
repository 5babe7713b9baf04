package dev.coro.sample.lab;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;

/**
 * The page's load lab: start a run of the load client against this app (one at a time), follow it as server-sent
 * events, cancel it, and read the exercised handlers' sources.
 */
@RestController
@RequestMapping("/lab")
class LabController {

    private final LabRuns runs;
    private final HandlerSources sources;
    private final LabProperties bounds;

    LabController(LabRuns runs, HandlerSources sources, LabProperties bounds) {
        this.runs = runs;
        this.sources = sources;
        this.bounds = bounds;
    }

    @PostMapping("/runs")
    ResponseEntity<LabProgress> start(@RequestBody LabRequest request) {
        LabRuns.Run run = runs.start(request);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Objects.requireNonNull(run.latest));
    }

    @DeleteMapping("/runs/current")
    ResponseEntity<Void> cancel() {
        return runs.cancel() != null
                ? ResponseEntity.noContent().build()
                : ResponseEntity.notFound().build();
    }

    @GetMapping("/bounds")
    LabProperties bounds() {
        return bounds;
    }

    /**
     * Every point of the current (or last) run, those sampled before the page connected first, then each new one;
     * nothing while idle.
     */
    @GetMapping(path = "/progress", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<LabProgress>> progress() {
        return Flux.defer(() -> {
            var seen = new Object() {
                long run;
                int points;
            };
            return Flux.interval(Duration.ZERO, LabRuns.SAMPLE_EVERY)
                    .onBackpressureDrop()
                    .concatMapIterable(tick -> {
                        LabRuns.Run run = runs.current();
                        if (run == null) return List.of();
                        if (run.number != seen.run) {
                            seen.run = run.number;
                            seen.points = 0;
                        }
                        List<LabProgress> fresh = run.pointsFrom(seen.points);
                        seen.points += fresh.size();
                        return fresh;
                    })
                    .map(point ->
                            ServerSentEvent.builder(point).event("progress").build());
        });
    }

    @GetMapping("/sources")
    HandlerSources.Side sources(@org.springframework.web.bind.annotation.RequestParam String endpoint) {
        return sources.of(endpoint);
    }
}
