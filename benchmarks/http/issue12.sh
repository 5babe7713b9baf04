#!/usr/bin/env bash
# Issue 12 (HTTP) and issue 10 item 7 (tracing cost): the same requests answered by four handler styles in one app
# (benchmarks/http-app), measured with wrk in alternating rounds against running, warmed apps, so that every variant
# shares JIT state, heap and machine conditions. Reports per variant and round: requests/s, p99 and the server's CPU
# time per request (utime+stime of the app's process from /proc/<pid>/stat over the round, divided by the requests wrk
# completed in it), with medians and per-round ratios against the callback chain, and writes two sections of
# docs/benchmarks.md with PNG plots:
#   "## Issue 12: HTTP, callback vs @Coroutine vs Kotlin suspend vs blocking"
#       variants callback, coro (@Coroutine), kotlin (suspend fun, Spring's own support), blocking (.block() on
#       Spring's blocking execution with virtual threads); scenarios two-calls (two async calls of 1 ms in sequence)
#       and orders (the sample shop's order read: two R2DBC reads on H2, a WebClient call to a 20 ms downstream);
#       at each CONNECTIONS level
#   "## HTTP with tracing"
#       three instances of the app, all started and warmed, wrk alternating among every mode x variant round by
#       round: off (no tracer), brave (Micrometer Tracing + Brave through Boot's auto-configuration, every request
#       sampled), auto (the same plus spring.reactor.context-propagation=auto, which callback code needs for the trace
#       in MDC inside operators)
#
# One command:  benchmarks/http/issue12.sh          (about 36 minutes with the defaults, build included)
#               SMOKE=1 benchmarks/http/issue12.sh  (build, start every instance, check that every variant answers
#                                                    the same, stop: about 2 minutes; no wrk, no docs)
# Knobs (environment): ROUNDS=5 DURATION=10 (s per run) WARMUP=10 (s per variant and connection level)
#   CONNECTIONS="64 1024" THREADS=2 SCENARIOS="two-calls orders" VARIANTS="callback coro kotlin blocking"
#   MAIN=1 (0: skip the four-variant part) TRACING=1 (0: skip the tracing part) TRACING_WARMUP=40 (s per target: a
#   traced instance's paths need more requests to compile) TRACING_SCENARIO=orders TRACING_CONNECTIONS=64
#   TRACING_VARIANTS="callback coro kotlin" TRACING_MODES="off brave auto"
#   PORT=18200 (tracing instances: PORT+1, PORT+2, PORT+3) BUILD=1 WRITE_DOCS=1 SMOKE=0 HEAP=1g
# Run it un-niced on a machine as quiet as you can get; the load average of every round is recorded.
# Needs: wrk, gnuplot (Debian packages wrk, gnuplot-nox; installed when absent if run as root), python3, curl,
# a JDK 21+ ($JAVA_HOME, else the newest /usr/lib/jvm/*), Maven for the build.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
rounds="${ROUNDS:-5}"
duration="${DURATION:-10}"
warmup="${WARMUP:-10}"
read -r -a connections <<<"${CONNECTIONS:-64 1024}"
threads="${THREADS:-2}"
read -r -a scenarios <<<"${SCENARIOS:-two-calls orders}"
read -r -a variants <<<"${VARIANTS:-callback coro kotlin blocking}"
main="${MAIN:-1}"
tracing="${TRACING:-1}"
tracing_scenario="${TRACING_SCENARIO:-orders}"
tracing_warmup="${TRACING_WARMUP:-40}"
tracing_connections="${TRACING_CONNECTIONS:-64}"
read -r -a tracing_variants <<<"${TRACING_VARIANTS:-callback coro kotlin}"
read -r -a tracing_modes <<<"${TRACING_MODES:-off brave auto}"
port="${PORT:-18200}"
build="${BUILD:-1}"
write_docs="${WRITE_DOCS:-1}"
smoke="${SMOKE:-0}"
heap="${HEAP:-1g}"

log() { echo "[issue12] $(date -u +%H:%M:%S) $*" >&2; }

need() {
    local command="$1" package="$2"
    command -v "$command" >/dev/null 2>&1 && return
    [[ "$(id -u)" == 0 ]] || { log "$command is missing: apt-get install $package"; exit 1; }
    log "installing $package from Debian packages"
    DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$package" >/dev/null
}

find_java() {
    local candidate major
    for candidate in "${JAVA_HOME:-}" $(ls -d /usr/lib/jvm/* 2>/dev/null | sort -rV); do
        [[ -x "$candidate/bin/java" ]] || continue
        major="$("$candidate/bin/java" -XshowSettings:properties -version 2>&1 |
            awk -F'= ' '/java.specification.version/ {print $2}')"
        if [[ "${major%%.*}" -ge 21 ]]; then echo "$candidate/bin/java"; return; fi
    done
    log "no JDK 21+ found (set JAVA_HOME)"; exit 1
}

if [[ "$smoke" != 1 ]]; then
    need wrk wrk
    need gnuplot gnuplot-nox
fi
java="$(find_java)"
max_connections=0
for c in "${connections[@]}" "$tracing_connections"; do ((c > max_connections)) && max_connections=$c; done
# wrk and the server each hold one descriptor per connection (plus the downstream's, for orders).
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if (($(ulimit -n) < 3 * max_connections + 1000)); then
    log "ulimit -n is $(ulimit -n) (hard $(ulimit -Hn)): too low for $max_connections connections"; exit 1
fi

if [[ "$build" == 1 ]]; then
    log "building benchmarks/http-app (niced)"
    (cd "$root" && nice -n 15 mvn -q -B -ntp -pl benchmarks/http-app -am -DskipTests package)
fi
jar="$root/benchmarks/http-app/target/coro-http-benchmark-app-0.1.0-SNAPSHOT.jar"
[[ -f "$jar" ]] || { log "no $jar: run with BUILD=1"; exit 1; }

work="$(mktemp -d)"
declare -A pid_of port_of
stop_all() {
    local mode
    for mode in "${!pid_of[@]}"; do
        if kill -0 "${pid_of[$mode]}" 2>/dev/null; then
            kill "${pid_of[$mode]}"
            wait "${pid_of[$mode]}" 2>/dev/null || true
        fi
        unset "pid_of[$mode]"
    done
}
trap 'stop_all; rm -rf "$work"' EXIT

tracing_jars() {
    [[ -d "$work/tracing" ]] && return
    log "resolving the tracing jars (benchmarks/http/tracing/pom.xml)"
    (cd "$here/tracing" && mvn -q -B -ntp dependency:copy-dependencies -DoutputDirectory="$work/all")
    mkdir -p "$work/tracing"
    # Only what the app lacks: a second copy of a jar it has would be a second copy of its classes.
    local in_app lib
    # Compared by artifact name without version (the app may have another version of, e.g., jspecify).
    in_app="$(unzip -Z1 "$jar" 'BOOT-INF/lib/*' | xargs -n1 basename | sed -E 's/-[0-9][^-]*(-[A-Za-z0-9.]+)?\.jar$//')"
    for lib in "$work"/all/*.jar; do
        grep -qxF "$(basename "$lib" | sed -E 's/-[0-9][^-]*(-[A-Za-z0-9.]+)?\.jar$//')" <<<"$in_app" ||
            cp "$lib" "$work/tracing/"
    done
    log "added to the traced instances: $(ls "$work/tracing" | tr '\n' ' ')"
}

# start_app MODE PORT: main (the issue 12 instance), off, brave or auto.
start_app() {
    local mode="$1" app_port="$2" args=()
    case "$mode" in
        main | off) ;;
        brave) tracing_jars; args+=(-Dloader.path="$work/tracing") ;;
        auto) tracing_jars; args+=(-Dloader.path="$work/tracing" -Dspring.reactor.context-propagation=auto) ;;
        *) log "unknown mode $mode"; exit 2 ;;
    esac
    "$java" -Xms"$heap" -Xmx"$heap" "${args[@]}" -jar "$jar" --server.port="$app_port" >"$work/app-$mode.log" 2>&1 &
    pid_of[$mode]=$!
    port_of[$mode]=$app_port
}

await_app() {
    local mode="$1"
    for _ in $(seq 1 240); do
        curl -fs "http://127.0.0.1:${port_of[$mode]}/actuator/health" >/dev/null 2>&1 && return
        kill -0 "${pid_of[$mode]}" 2>/dev/null || { cat "$work/app-$mode.log" >&2; exit 1; }
        sleep 0.5
    done
    log "instance $mode did not start"; exit 1
}

# Every variant answers the scenario's request with the same body, and the tracer is there exactly when it should.
check_app() {
    local mode="$1" scenario variant expected body
    shift
    for scenario in "${scenarios[@]}" "$tracing_scenario"; do
        expected=""
        for variant in "$@"; do
            # A cold app on a busy machine may miss the downstream's 2 s timeout once: three tries.
            body="$(curl -fs --retry 2 --retry-all-errors --retry-delay 1 \
                "http://127.0.0.1:${port_of[$mode]}/api/$variant/$(path_of "$scenario")")" ||
                { log "$mode: GET /api/$variant/$(path_of "$scenario") failed"; tail -n 30 "$work/app-$mode.log" >&2; exit 1; }
            [[ -z "$expected" ]] && expected="$body"
            [[ "$body" == "$expected" ]] || { log "$mode: $variant answers $body, not $expected"; exit 1; }
        done
    done
    local traced=0
    curl -fs "http://127.0.0.1:${port_of[$mode]}/actuator/beans" | grep -q '"braveTracerBridge"' && traced=1
    local want=1
    [[ "$mode" == main || "$mode" == off ]] && want=0
    if [[ $traced != "$want" ]]; then
        log "$mode: the Brave tracer bean is $([[ $traced == 1 ]] && echo present || echo absent), not as expected"; exit 1
    fi
    log "$mode: every variant answers alike; Brave tracer $([[ $traced == 1 ]] && echo present || echo absent), as expected"
}

path_of() {
    case "$1" in
        two-calls) echo "two-calls/5" ;;
        orders) echo "orders/7" ;;
        *) log "unknown scenario $1"; exit 2 ;;
    esac
}

cpu_ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }
clock_ticks="$(getconf CLK_TCK)"

# run_wrk MODE VARIANT SCENARIO CONNECTIONS SECONDS -> "rps p99_ms failed requests cpu_us_per_request load1"
run_wrk() {
    local mode="$1" variant="$2" scenario="$3" conns="$4" seconds="$5" before after
    before="$(cpu_ticks "${pid_of[$mode]}")"
    wrk -t"$threads" -c"$conns" -d"${seconds}s" --latency \
        "http://127.0.0.1:${port_of[$mode]}/api/$variant/$(path_of "$scenario")" >"$work/wrk.out"
    after="$(cpu_ticks "${pid_of[$mode]}")"
    awk -v before="$before" -v after="$after" -v hz="$clock_ticks" -v load="$(cut -d' ' -f1 /proc/loadavg)" '
        /^Requests\/sec:/ {rps = $2}
        / requests in / {requests = $1}
        /Socket errors/ {gsub(",", ""); failed += $4 + $6 + $8 + $10}
        /Non-2xx/ {failed += $NF}
        $1 == "99%" {v = $2; if (v ~ /us$/) {sub(/us$/, "", v); v /= 1000} else if (v ~ /ms$/) {sub(/ms$/, "", v)}
                     else if (v ~ /s$/) {sub(/s$/, "", v); v *= 1000}; p99 = v}
        END {printf "%s %s %d %d %.2f %s\n", rps, p99, failed, requests,
                    requests ? (after - before) * 1e6 / hz / requests : 0, load}' "$work/wrk.out"
}

: >"$work/results.txt"
# measure PART SCENARIO CONNECTIONS WARMUP TARGET... (TARGET = mode:variant): warm-up per target, then ROUNDS rounds
# over all targets, rotating who goes first so that no target always follows the same neighbour.
measure() {
    local part="$1" scenario="$2" conns="$3" warm="$4" target round i n result
    shift 4
    local targets=("$@")
    n=${#targets[@]}
    log "$part $scenario -c$conns: warm-up ${warm}s per variant"
    for target in "${targets[@]}"; do run_wrk "${target%%:*}" "${target#*:}" "$scenario" "$conns" "$warm" >/dev/null; done
    for round in $(seq 1 "$rounds"); do
        for i in $(seq 0 $((n - 1))); do
            target="${targets[$(((i + round - 1) % n))]}"
            result="$(run_wrk "${target%%:*}" "${target#*:}" "$scenario" "$conns" "$duration")"
            echo "$part $scenario $conns $round ${target%%:*} ${target#*:} $result" >>"$work/results.txt"
            log "$part $scenario -c$conns round $round $target: $result (req/s p99ms failed requests cpu-us/req load1)"
        done
    done
}

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
started_at="$(date -u +%Y-%m-%dT%H:%MZ)"

if [[ "$main" == 1 ]]; then
    log "starting the app on port $port"
    start_app main "$port"
    await_app main
    check_app main "${variants[@]}"
    if [[ "$smoke" != 1 ]]; then
        for scenario in "${scenarios[@]}"; do
            for conns in "${connections[@]}"; do
                targets=()
                for variant in "${variants[@]}"; do targets+=("main:$variant"); done
                measure issue12 "$scenario" "$conns" "$warmup" "${targets[@]}"
            done
        done
    fi
    stop_all
fi

if [[ "$tracing" == 1 ]]; then
    offset=1
    for mode in "${tracing_modes[@]}"; do
        log "starting the $mode instance on port $((port + offset))"
        start_app "$mode" "$((port + offset))"
        offset=$((offset + 1))
        await_app "$mode" # one at a time: starts compete for the same two cores
    done
    for mode in "${tracing_modes[@]}"; do check_app "$mode" "${tracing_variants[@]}"; done
    if [[ "$smoke" != 1 ]]; then
        targets=()
        for mode in "${tracing_modes[@]}"; do
            for variant in "${tracing_variants[@]}"; do targets+=("$mode:$variant"); done
        done
        measure tracing "$tracing_scenario" "$tracing_connections" "$tracing_warmup" "${targets[@]}"
    fi
    stop_all
fi

if [[ "$smoke" == 1 ]]; then
    log "smoke check passed: every instance started and every variant answers alike; stopped"
    exit 0
fi

load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
mkdir -p "$root/benchmarks/http-app/target"
cp "$work/results.txt" "$root/benchmarks/http-app/target/issue12-results.txt"
log "raw results: benchmarks/http-app/target/issue12-results.txt"
python3 "$here/issue12_report.py" "$work/results.txt" \
    --docs "$root/docs/benchmarks.md" --plots "$root/docs" --write-docs "$write_docs" \
    --machine "$(nproc) × $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)" \
    --jdk "$("$java" -version 2>&1 | head -n 1)" --load "$load_before" --load-after "$load_after" \
    --date "$started_at" --rounds "$rounds" --duration "$duration" --warmup "$warmup" --threads "$threads" \
    --tracing-warmup "$tracing_warmup"
