#!/usr/bin/env python3
"""Plots the round-trip table of docs/benchmarks.md (issue 12) from one JMH JSON result (-rf json) of AwaitBenchmark:
µs per round trip for each shape, coro-reactor beside Kotlin's mono {} on both dispatchers and Reactor, log scale,
with JMH's 99.9 % error as error bars. Needs gnuplot (Debian package gnuplot-nox).

    python3 benchmarks/scripts/roundtrip_plot.py roundtrip.json docs/benchmarks-roundtrip.png "run D, load 0.7-1.5"
"""
import json
import os
import subprocess
import sys
import tempfile

SHAPES = [
    ("publishOn Mono,\\n1,000 in flight", "AsyncConcurrent"),
    ("future,\\n1,000 in flight", "FutureConcurrent"),
    ("future,\\none at a time", "FutureOne"),
    ("no await,\\n1,000 in flight", "NoAwaitConcurrent"),
]
CONTENDERS = [
    ("coro-reactor", "coroMono"),
    ("Kotlin mono{} Default", "kotlinDefault"),
    ("Kotlin mono{} Unconfined", "kotlinUnconfined"),
    ("Reactor", "reactor"),
]


def scores(path):
    with open(path) as f:
        results = json.load(f)
    out = {}
    for r in results:
        name = r["benchmark"].rsplit(".", 1)[-1]
        metric = r["primaryMetric"]
        if metric["scoreUnit"] != "us/op":
            raise SystemExit(f"{name}: expected us/op, got {metric['scoreUnit']}")
        out[name] = (metric["score"], metric["scoreError"])
    return out


def main(json_path, png, subtitle):
    s = scores(json_path)
    missing = [p + sh for _, p in CONTENDERS for _, sh in SHAPES if p + sh not in s]
    if missing:
        raise SystemExit(f"{json_path} lacks {', '.join(missing)}: run the round-trip command of benchmarks/README.md")
    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, "roundtrip.dat")
        with open(data, "w") as f:
            for label, shape in SHAPES:
                cells = []
                for _, prefix in CONTENDERS:
                    score, error = s[prefix + shape]
                    # A log axis cannot show a bar's lower error below zero: clip it just above.
                    cells += [f"{score:.6g}", f"{max(score - error, score / 100):.6g}", f"{score + error:.6g}"]
                f.write(f'"{label}" ' + " ".join(cells) + "\n")
        plots = []
        for i, (name, _) in enumerate(CONTENDERS):
            c = 2 + 3 * i
            plots.append(f'"{data}" using {c}:{c + 1}:{c + 2}{":xtic(1)" if i == 0 else ""} title "{name}"')
        script = [
            'set terminal pngcairo size 1000,520 font "sans,10" noenhanced',
            f'set output "{png}"',
            f'set title "Coro.mono round trip against Kotlin mono {{}} and Reactor (AwaitBenchmark, {subtitle})"',
            "set style data histograms",
            "set style histogram errorbars gap 2 lw 1",
            "set style fill solid 0.8 border -1",
            "set logscale y",
            "set ylabel 'µs per round trip (log scale; lower is better)'",
            "set grid ytics",
            "set key top left",
            "set bmargin 4",
            "set yrange [0.005:*]",
            "plot " + ", ".join(plots),
        ]
        subprocess.run(["gnuplot"], input="\n".join(script), text=True, check=True)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    main(*sys.argv[1:])
