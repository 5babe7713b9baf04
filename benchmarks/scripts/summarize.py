#!/usr/bin/env python3
"""Summarises a JMH JSON result (-rf json) for a loaded machine: mean, median and best iteration of each benchmark,
and the ratios docs/benchmarks.md reports, computed from medians (the median resists the load spikes of other
processes; the best iteration is shown as the closest to the unloaded cost)."""
import json
import statistics
import sys

# (label, numerator benchmark, denominator benchmark): ratio = numerator score / denominator score (times).
RATIOS = [
    ("throughput: Coro.flux ÷ Flux.generate", "FluxEmitBenchmark.fluxGenerate", "FluxEmitBenchmark.coroFlux"),
    ("throughput: Coro.flux ÷ virtual thread + Flux.create", "FluxEmitBenchmark.virtualThreadFluxCreate",
     "FluxEmitBenchmark.coroFlux"),
    ("time per round trip: Coro.mono ÷ Reactor (publishOn, concurrent)", "AwaitBenchmark.coroMonoAsyncConcurrent",
     "AwaitBenchmark.reactorAsyncConcurrent"),
    ("time per round trip: Coro.mono ÷ Reactor (future, concurrent)", "AwaitBenchmark.coroMonoFutureConcurrent",
     "AwaitBenchmark.reactorFutureConcurrent"),
    ("time per round trip: Coro.mono ÷ Reactor (publishOn, latency)", "AwaitBenchmark.coroMonoAsyncLatency",
     "AwaitBenchmark.reactorAsyncLatency"),
    ("time: await(Mono.just) outside a coroutine ÷ Mono.just().block()", "AwaitBenchmark.awaitJustOutsideCoroutine",
     "AwaitBenchmark.blockJust"),
]


def main(path):
    with open(path) as f:
        results = json.load(f)
    stats = {}
    print("| benchmark | unit | mean | median | best | error (99.9%) |")
    print("|---|---|---:|---:|---:|---:|")
    for r in results:
        name = r["benchmark"].rsplit(".", 2)
        name = name[-2] + "." + name[-1]
        m = r["primaryMetric"]
        raw = [x for fork in m["rawData"] for x in fork]
        med, best = statistics.median(raw), min(raw)
        stats[name] = (med, best, m["scoreUnit"])
        print(f"| {name} | {m['scoreUnit']} | {m['score']:.3f} | {med:.3f} | {best:.3f} | "
              f"±{m['scoreError']:.3f} |")
    print()
    print("| ratio | from medians | from best iterations |")
    print("|---|---:|---:|")
    for label, num, den in RATIOS:
        if num in stats and den in stats and stats[num][2] == stats[den][2]:
            print(f"| {label} | {stats[num][0] / stats[den][0]:.2f} | {stats[num][1] / stats[den][1]:.2f} |")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "jmh-result.json")
