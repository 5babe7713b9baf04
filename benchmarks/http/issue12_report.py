#!/usr/bin/env python3
"""Tables, verdicts and plots of benchmarks/http/issue12.sh from its results file, written into docs/benchmarks.md.

Each results line: part scenario connections round mode variant rps p99_ms failed requests cpu_us_per_request load1.
Values are medians over the rounds; ratios are medians of per-round ratios (each round's value divided by the
reference measured in the same round, minutes apart at most), with their min-max, so that a slow round for everyone
cancels out."""
import argparse
import os
import re
import statistics
import subprocess
import tempfile
from collections import defaultdict

ISSUE12 = "## Issue 12: HTTP, callback vs @Coroutine vs Kotlin suspend vs blocking"
TRACING = "## HTTP with tracing"
FIELDS = {"rps": 6, "p99": 7, "failed": 8, "requests": 9, "cpu": 10, "load": 11}
LABELS = {
    "callback": "Reactor callback chain",
    "coro": "`@Coroutine` (coro-reactor)",
    "kotlin": "Kotlin `suspend fun` (Spring's support)",
    "blocking": "blocking on virtual threads",
}


def read(path):
    rows = []
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) < 12:
                continue
            row = dict(part=parts[0], scenario=parts[1], conns=int(parts[2]), round=int(parts[3]), mode=parts[4],
                       variant=parts[5])
            for name, index in FIELDS.items():
                row[name] = float(parts[index])
            rows.append(row)
    return rows


def ordered(values, first):
    return sorted(set(values), key=lambda v: (first.index(v) if v in first else len(first), v))


class Group:
    """The rounds of one part, scenario and connection level: value per (mode, variant, round)."""

    def __init__(self, rows):
        self.by = defaultdict(dict)
        for r in rows:
            self.by[(r["mode"], r["variant"])][r["round"]] = r

    def median(self, target, field):
        values = [r[field] for r in self.by[target].values()]
        return statistics.median(values) if values else float("nan")

    def total(self, target, field):
        return sum(r[field] for r in self.by[target].values())

    def ratios(self, target, reference, field):
        a, b = self.by[target], self.by[reference]
        return [a[k][field] / b[k][field] for k in sorted(a) if k in b and b[k][field] > 0]

    def ratio(self, target, reference, field):
        values = self.ratios(target, reference, field)
        if not values:
            return float("nan"), float("nan"), float("nan")
        return statistics.median(values), min(values), max(values)

    def loads(self):
        return [r["load"] for rounds in self.by.values() for r in rounds.values()]


def fmt_ratio(t):
    m, lo, hi = t
    return f"{m:.2f}× ({lo:.2f}–{hi:.2f})"


def verdict(value, op, limit):
    ok = value <= limit if op == "<=" else value >= limit if op == ">=" else value < limit if op == "<" else value > limit
    return f"{value:.2f}× {'met' if ok else '**missed**'}"


def plot(png, title, panels):
    """panels: list of (title, ylabel, [(label, [(x, y)])]), laid out in rows of three."""
    with tempfile.TemporaryDirectory() as tmp:
        cols = 3 if len(panels) >= 3 else len(panels)
        rows = (len(panels) + cols - 1) // cols
        script = [
            f'set terminal pngcairo size {460 * cols},{330 * rows + 40} font "sans,9" noenhanced',
            f'set output "{png}"',
            f'set multiplot layout {rows},{cols} title "{title}"',
            "set style data linespoints", "set xlabel 'round'", "set xtics 1", "set grid ytics",
            "set key bottom left font ',8'", "set yrange [0:*]",
        ]
        n = 0
        for ptitle, ylabel, series in panels:
            plots = []
            for label, points in series:
                n += 1
                data = os.path.join(tmp, f"{n}.dat")
                with open(data, "w") as f:
                    f.writelines(f"{x} {y}\n" for x, y in points)
                plots.append(f'"{data}" using 1:2 title "{label}" lw 2')
            script += [f'set title "{ptitle}"', f'set ylabel "{ylabel}"', "plot " + ", ".join(plots)]
        script.append("unset multiplot")
        subprocess.run(["gnuplot"], input="\n".join(script), text=True, check=True)


def series(group, targets, field, label=lambda t: t[1]):
    return [(label(t), sorted((k, r[field]) for k, r in group.by[t].items())) for t in targets]


def issue12(rows, args):
    out = []
    scenarios = ordered([r["scenario"] for r in rows], ["two-calls", "orders"])
    levels = sorted({r["conns"] for r in rows})
    variants = ordered([r["variant"] for r in rows], list(LABELS))
    groups = {(s, c): Group([r for r in rows if r["scenario"] == s and r["conns"] == c])
              for s in scenarios for c in levels}
    loads = [x for g in groups.values() for x in g.loads()]
    out += [
        ISSUE12, "",
        f"Run by `benchmarks/http/issue12.sh` (started {args.date}). Machine: {args.machine}, {args.jdk}; "
        f"load average {args.load} before, {args.load_after} after (1, 5, 15 min); 1-minute load at the end of the "
        f"rounds {min(loads):.2f}–{max(loads):.2f} (wrk and the app themselves keep it near 2–3 on this 2-core "
        "machine). One app (`benchmarks/http-app`, heap 1 GB, tracing off) answers the same request four ways; wrk "
        f"(-t{args.threads}) on the same machine, {args.warmup} s warm-up per variant and connection level, then "
        f"{args.rounds} rounds of {args.duration} s alternating among the variants (the first of each round "
        "rotates). **CPU/request** is the app's utime+stime from `/proc/<pid>/stat` over the round divided by "
        "the requests wrk completed in it: the number that holds on a shared machine. Values are medians over "
        "the rounds; ratios are medians of per-round ratios against `callback` (min–max in brackets).",
        "",
        "- `two-calls`: `GET /api/{variant}/two-calls/5`, two async calls in sequence, each a 1 ms `Mono.delay`, "
        "so each await parks and is woken from Reactor's timer thread (the issue's minimal handler).",
        "- `orders`: `GET /api/{variant}/orders/7`, the sample shop's order read reproduced over the sample's own "
        "`schema.sql`/`data.sql` on embedded H2: order with its lines (two R2DBC queries), its customer, then a "
        "WebClient call to the app's simulated shipping service (20 ms). The handlers are the sample's, line for "
        "line; the app adds a Kotlin one.",
        "- `callback`: Reactor chain; `coro`: `@Coroutine` straight-line code; `kotlin`: `suspend fun` with "
        "`awaitSingle()`, Spring's own coroutine support (kotlinx-coroutines-reactor 1.10.2, Kotlin 2.2.20); "
        "`blocking`: `.block()` in a plain handler on Spring's blocking execution with Boot's application task "
        "executor, virtual threads by `spring.threads.virtual.enabled=true` (only `BlockingController`).",
        "",
    ]
    # The issue's own table shape: every connection level side by side, ratio to callback in brackets.
    for s in scenarios:
        out += [f"**{s}** (medians; in brackets the median per-round ratio to callback)", "",
                "| variant | " + " | ".join(f"req/s, {c:,} conn | CPU/request, {c:,} conn | p99, {c:,} conn"
                                           for c in levels) + " |",
                "|---|" + "---:|" * (3 * len(levels))]
        for v in variants:
            cells = []
            for c in levels:
                g = groups[(s, c)]
                t, ref = ("main", v), ("main", "callback")
                same = v == "callback"
                cells += [f"{g.median(t, 'rps') / 1000:.1f}k" + ("" if same else f" ({g.ratio(t, ref, 'rps')[0]:.2f}×)"),
                          f"{g.median(t, 'cpu'):.0f} µs" + ("" if same else f" ({g.ratio(t, ref, 'cpu')[0]:.2f}×)"),
                          f"{g.median(t, 'p99'):.0f} ms" + ("" if same else f" ({g.ratio(t, ref, 'p99')[0]:.2f}×)")]
            out.append(f"| {LABELS.get(v, v)} | " + " | ".join(cells) + " |")
        out.append("")
    out += ["Each level in detail (ratios: median of per-round ratios, min–max in brackets):", ""]
    for s in scenarios:
        for c in levels:
            g = groups[(s, c)]
            out += [f"**{s}, {c:,} connections**", "",
                    "| variant | req/s | p99 ms | CPU µs/request | req/s ÷ callback | p99 ÷ callback | "
                    "CPU/request ÷ callback | failed |",
                    "|---|---:|---:|---:|---:|---:|---:|---:|"]
            for v in variants:
                t = ("main", v)
                ref = ("main", "callback")
                out.append(
                    f"| {LABELS.get(v, v)} | {g.median(t, 'rps'):,.0f} | {g.median(t, 'p99'):.1f} | "
                    f"{g.median(t, 'cpu'):.1f} | {fmt_ratio(g.ratio(t, ref, 'rps'))} | "
                    f"{fmt_ratio(g.ratio(t, ref, 'p99'))} | {fmt_ratio(g.ratio(t, ref, 'cpu'))} | "
                    f"{g.total(t, 'failed'):.0f} |")
            out.append("")
        png = f"benchmarks-issue12-{s}.png"
        panels = []
        for c in levels:
            g = groups[(s, c)]
            targets = [("main", v) for v in variants]
            panels += [(f"-c{c}: requests/s", "req/s", series(g, targets, "rps")),
                       (f"-c{c}: CPU per request", "µs", series(g, targets, "cpu")),
                       (f"-c{c}: p99", "ms", series(g, targets, "p99"))]
        if args.write_docs:
            plot(os.path.join(args.plots, png), f"{s}: per round, every variant against one running app", panels)
        out += [f"![{s}: requests/s, CPU per request and p99 per round]({png})", ""]
    # Targets of issue 12 for @Coroutine.
    header = "| target (coro) | " + " | ".join(f"{s}, {c:,}" for s in scenarios for c in levels) + " |"
    out += ["Targets of issue 12 for `@Coroutine` (medians of per-round ratios):", "", header,
            "|---|" + "---:|" * (len(scenarios) * len(levels))]
    co, cb, kt = ("main", "coro"), ("main", "callback"), ("main", "kotlin")

    def row(name, cell):
        out.append(f"| {name} | " + " | ".join(cell(groups[(s, c)], c) for s in scenarios for c in levels) + " |")

    row("CPU/request ≤ 1.05× callback", lambda g, c: verdict(g.ratio(co, cb, "cpu")[0], "<=", 1.05))
    row("req/s ≥ 1.0× callback (64), ≥ 0.95× (1,024)",
        lambda g, c: verdict(g.ratio(co, cb, "rps")[0], ">=", 1.0 if c <= 64 else 0.95))
    row("p99 ≤ 1.1× callback", lambda g, c: verdict(g.ratio(co, cb, "p99")[0], "<=", 1.1))
    if "kotlin" in variants:
        row("CPU/request below Kotlin's (coro ÷ kotlin < 1)", lambda g, c: verdict(g.ratio(co, kt, "cpu")[0], "<", 1))
        row("req/s above Kotlin's (coro ÷ kotlin > 1)", lambda g, c: verdict(g.ratio(co, kt, "rps")[0], ">", 1))
        row("p99 below Kotlin's (coro ÷ kotlin < 1)", lambda g, c: verdict(g.ratio(co, kt, "p99")[0], "<", 1))
    out += ["",
            "When a ratio's min–max straddles 1.0 the run cannot tell the two apart on that measure. At 64 "
            "connections both scenarios are partly latency-bound (64 requests in flight, each waiting 2 ms or "
            "25 ms), so req/s there says less than CPU/request.", "",
            "Per round (scenario, connections, round, variant, req/s, p99 ms, failed, requests, CPU µs/request, "
            "1-min load):", "", "```"]
    out += [f"{r['scenario']} {r['conns']} {r['round']} {r['variant']} {r['rps']:.0f} {r['p99']:.2f} "
            f"{r['failed']:.0f} {r['requests']:.0f} {r['cpu']:.1f} {r['load']:.2f}" for r in rows]
    out += ["```", ""]
    return "\n".join(out)


def tracing(rows, args):
    out = []
    modes = ordered([r["mode"] for r in rows], ["off", "brave", "auto"])
    variants = ordered([r["variant"] for r in rows], list(LABELS))
    scenario, conns = rows[0]["scenario"], rows[0]["conns"]
    g = Group(rows)
    loads = g.loads()
    out += [
        TRACING, "",
        f"Run by `benchmarks/http/issue12.sh` (started {args.date}; `TRACING=1`, the default). Machine: "
        f"{args.machine}, {args.jdk}; 1-minute load at the end of the rounds {min(loads):.2f}–{max(loads):.2f}. "
        f"`GET /api/{{variant}}/{'orders/7' if scenario == 'orders' else 'two-calls/5'}` of `benchmarks/http-app` "
        f"({scenario}), wrk -t{args.threads} -c{conns}. Three instances of the app run side by side, each started "
        f"and warmed ({args.tracing_warmup} s per variant); then {args.rounds} rounds of {args.duration} s in which wrk "
        "alternates among every mode × variant (the first of each round rotates), so that no mode gets a warmer "
        "JIT or a quieter minute than another. CPU/request from `/proc/<pid>/stat` of the instance under load, as "
        "above; ratios are medians of per-round ratios (min–max).",
        "",
        "- `off`: no tracer (the app as built). `brave`: Micrometer Tracing with the Brave bridge through Boot's "
        "own auto-configuration (jars from `benchmarks/http/tracing/pom.xml` on `loader.path`), every request "
        "sampled; a coroutine restores the request's trace (MDC included) from the Reactor Context once when it "
        "starts. `auto`: the same plus `spring.reactor.context-propagation=auto` (Reactor's automatic "
        "propagation, which restores ThreadLocals around every operator signal: what callback code needs for the "
        "trace id in its log lines, and the setting users report 25–30 % overhead for).",
        "",
        "| mode | variant | req/s | p99 ms | CPU µs/request | CPU/request ÷ its `off` | req/s ÷ its `off` | "
        "CPU/request ÷ callback, same mode | failed |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for m in modes:
        for v in variants:
            t = (m, v)
            off = ("off", v)
            vs_off = (fmt_ratio(g.ratio(t, off, "cpu")), fmt_ratio(g.ratio(t, off, "rps"))) if m != "off" else ("1", "1")
            out.append(f"| {m} | {LABELS.get(v, v)} | {g.median(t, 'rps'):,.0f} | {g.median(t, 'p99'):.1f} | "
                       f"{g.median(t, 'cpu'):.1f} | {vs_off[0]} | {vs_off[1]} | "
                       f"{fmt_ratio(g.ratio(t, (m, 'callback'), 'cpu'))} | {g.total(t, 'failed'):.0f} |")
    out += ["", "![tracing: CPU per request and requests/s per round](benchmarks-http-tracing.png)", ""]
    if args.write_docs:
        targets = [(m, v) for m in modes for v in variants]
        label = lambda t: f"{t[1]} {t[0]}"
        plot(os.path.join(args.plots, "benchmarks-http-tracing.png"),
             f"tracing off / brave / auto, {scenario} -c{conns}: per round, three warmed instances",
             [("CPU per request", "µs", series(g, targets, "cpu", label)),
              ("requests/s", "req/s", series(g, targets, "rps", label)),
              ("p99", "ms", series(g, targets, "p99", label))])
    if {"off", "brave", "auto"} <= set(modes) and {"callback", "coro"} <= set(variants):
        def cost(m, v):
            r = g.ratio((m, v), ("off", v), "cpu")
            extra = g.median((m, v), "cpu") - g.median(("off", v), "cpu")
            return r, extra

        (cb_auto, cb_auto_us), (cb_brave, _) = cost("auto", "callback"), cost("brave", "callback")
        (co_brave, co_brave_us), (co_auto, _) = cost("brave", "coro"), cost("auto", "coro")
        mdc = g.ratio(("brave", "coro"), ("auto", "callback"), "cpu")
        mdc_rps = g.ratio(("brave", "coro"), ("auto", "callback"), "rps")
        better = co_brave[0] < cb_auto[0] and co_brave[0] < 1.25
        out += [
            "What tracing costs per request (CPU/request with tracing ÷ the same variant without, same rounds):", "",
            f"- callback chain, Brave without automatic propagation (no trace in MDC inside operators): "
            f"{fmt_ratio(cb_brave)}; with automatic propagation (`auto`, what it needs for MDC): "
            f"{fmt_ratio(cb_auto)}, +{cb_auto_us:.1f} µs per request.",
            f"- `@Coroutine`, Brave (`brave`: trace and MDC restored once per coroutine, present after every await): "
            f"{fmt_ratio(co_brave)}, +{co_brave_us:.1f} µs per request; under `auto` (a user who turned it on for "
            f"other code): {fmt_ratio(co_auto)}.",
            f"- Each with what it needs for the trace in its log lines, `@Coroutine` under `brave` ÷ callback under "
            f"`auto`: CPU/request {fmt_ratio(mdc)}, req/s {fmt_ratio(mdc_rps)}.",
            "",
            f"**Verdict (issue 10, item 7):** tracing costs a `@Coroutine` handler {100 * (co_brave[0] - 1):+.0f} % "
            f"CPU per request against {100 * (cb_auto[0] - 1):+.0f} % for the callback chain with the automatic "
            f"propagation it needs (users report 25–30 %): "
            + ("**better**, on this run." if better else "**not better** on this run.")
            + " Where a min–max range straddles the other's median, the run cannot separate them.",
            "",
        ]
    out += ["Per round (mode, round, variant, req/s, p99 ms, failed, requests, CPU µs/request, 1-min load):", "",
            "```"]
    out += [f"{r['mode']} {r['round']} {r['variant']} {r['rps']:.0f} {r['p99']:.2f} {r['failed']:.0f} "
            f"{r['requests']:.0f} {r['cpu']:.1f} {r['load']:.2f}" for r in rows]
    out += ["```", ""]
    return "\n".join(out)


def replace_section(text, heading, section):
    pattern = re.compile(r"^" + re.escape(heading) + r"\n.*?(?=^## |\Z)", re.S | re.M)
    section = section.rstrip() + "\n"
    if pattern.search(text):
        return pattern.sub(lambda _: section + "\n", text, count=1).rstrip() + "\n"
    return text.rstrip() + "\n\n" + section


def main():
    p = argparse.ArgumentParser()
    p.add_argument("results")
    p.add_argument("--docs")
    p.add_argument("--plots")
    p.add_argument("--write-docs", type=int, default=1)
    for name in ("machine", "jdk", "load", "load-after", "date", "rounds", "duration", "warmup", "threads",
                 "tracing-warmup"):
        p.add_argument("--" + name, default="?")
    args = p.parse_args()
    rows = read(args.results)
    sections = []
    main_rows = [r for r in rows if r["part"] == "issue12"]
    trace_rows = [r for r in rows if r["part"] == "tracing"]
    if main_rows:
        sections.append((ISSUE12, issue12(main_rows, args)))
    if trace_rows:
        sections.append((TRACING, tracing(trace_rows, args)))
    for _, text in sections:
        print(text)
    if args.write_docs and args.docs:
        with open(args.docs, encoding="utf-8") as f:
            text = f.read()
        for heading, section in sections:
            text = replace_section(text, heading, section)
        with open(args.docs, "w", encoding="utf-8") as f:
            f.write(text)


if __name__ == "__main__":
    main()
