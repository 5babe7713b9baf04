#!/usr/bin/env bash
# What tracing costs per request, coroutine handler against callback chain: the sample shop's
# GET /api/{callback,coro}/orders/{id}, with wrk in alternating rounds against one running app, three times:
#   off   the app as shipped (no tracer)
#   brave Micrometer Tracing with the Brave bridge through Boot's own auto-configuration, every request sampled;
#         coroutines restore the trace from the Reactor Context once per coroutine (context-propagation)
#   auto  the same plus spring.reactor.context-propagation=auto (Hooks.enableAutomaticContextPropagation), what
#         callback code needs to see the trace in MDC inside operators: the setting users report 25-30 % for
# The tracing jars are not in the sample: they are resolved from tracing/pom.xml and put on the app's classpath with
# Boot's PropertiesLauncher (loader.path). Prints the table and writes it into docs/benchmarks.md, section
# "## HTTP with tracing" (WRITE_DOCS=0: print only).
# Knobs: ROUNDS=3 DURATION=10 WARMUP=15 CONNECTIONS=64 THREADS=2 LATENCY=20ms PORT=18081 ORDER_ID=7 WRITE_DOCS=1
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
rounds="${ROUNDS:-3}"
duration="${DURATION:-10}"
warmup="${WARMUP:-15}"
connections="${CONNECTIONS:-64}"
threads="${THREADS:-2}"
latency="${LATENCY:-20ms}"
port="${PORT:-18081}"
order_id="${ORDER_ID:-7}"
write_docs="${WRITE_DOCS:-1}"
variants=(callback coro)
modes=(off brave auto)

log() { echo "[tracing-bench] $*" >&2; }

if ! command -v wrk >/dev/null; then
    [[ "$(id -u)" == 0 ]] || { log "wrk is missing: apt-get install wrk"; exit 1; }
    log "installing wrk from Debian packages"
    DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends wrk >/dev/null
fi
java="${JAVA:-}"
if [[ -z "$java" ]]; then
    for candidate in "${JAVA_HOME:-}" $(ls -d /usr/lib/jvm/* 2>/dev/null | sort -rV); do
        [[ -x "$candidate/bin/java" ]] || continue
        major="$("$candidate/bin/java" -XshowSettings:properties -version 2>&1 |
            awk -F'= ' '/java.specification.version/ {print $2}')"
        if [[ "${major%%.*}" -ge 21 ]]; then java="$candidate/bin/java"; break; fi
    done
fi
[[ -n "$java" ]] || { log "no JDK 21+ found (set JAVA_HOME)"; exit 1; }

work="$(mktemp -d)"
app_pid=""
stop_app() {
    if [[ -n "$app_pid" ]] && kill -0 "$app_pid" 2>/dev/null; then
        kill "$app_pid"
        wait "$app_pid" 2>/dev/null || true
    fi
    app_pid=""
}
trap 'stop_app; rm -rf "$work"' EXIT

if [[ "${BUILD:-1}" == 1 ]]; then
    log "building the app"
    (cd "$root" && mvn -q -B -ntp -pl sample-webapp -am -DskipTests package)
fi
jar="$(ls "$root"/sample-webapp/target/sample-webapp-*.jar | grep -v original | head -n 1)"

log "resolving the tracing jars"
(cd "$here/tracing" && mvn -q -B -ntp dependency:copy-dependencies -DoutputDirectory="$work/all")
mkdir -p "$work/tracing"
# Only what the app lacks: a second copy of a jar it has would be a second copy of its classes.
in_app="$(unzip -Z1 "$jar" 'BOOT-INF/lib/*' | xargs -n1 basename)"
for lib in "$work"/all/*.jar; do
    grep -qxF "$(basename "$lib")" <<<"$in_app" || cp "$lib" "$work/tracing/"
done
log "added to the app: $(ls "$work/tracing" | tr '\n' ' ')"

start_app() {
    local mode="$1" args=()
    case "$mode" in
        off) ;;
        brave) args+=(-Dloader.path="$work/tracing") ;;
        auto) args+=(-Dloader.path="$work/tracing" -Dspring.reactor.context-propagation=auto) ;;
    esac
    "$java" -Xms1g -Xmx1g "${args[@]}" -cp "$jar" org.springframework.boot.loader.launch.PropertiesLauncher \
        --server.port="$port" --logging.level.root=WARN --spring.main.banner-mode=off \
        --management.tracing.sampling.probability=1.0 --management.endpoints.web.exposure.include=health,beans \
        --shop.downstream.simulated-latency="$latency" >"$work/app-$mode.log" 2>&1 &
    app_pid=$!
    for _ in $(seq 1 240); do
        curl -fs "http://127.0.0.1:$port/actuator/health" >/dev/null 2>&1 && return
        kill -0 "$app_pid" 2>/dev/null || { cat "$work/app-$mode.log" >&2; exit 1; }
        sleep 0.5
    done
    log "the app did not start"; exit 1
}

# Proof that the mode is what it claims: Boot's Brave bridge bean is there with tracing, and only then.
check_tracing() {
    local mode="$1" found=0
    curl -fs "http://127.0.0.1:$port/actuator/beans" | grep -q '"braveTracerBridge"' && found=1
    if [[ "$mode" == off && "$found" == 1 ]] || [[ "$mode" != off && "$found" == 0 ]]; then
        log "mode $mode: the Brave tracer bean is $([[ $found == 1 ]] && echo present || echo absent), not as expected"
        exit 1
    fi
    log "mode $mode: Brave tracer bean $([[ $found == 1 ]] && echo present || echo absent), as expected"
}

run_wrk() {
    local variant="$1" seconds="$2"
    wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency \
        "http://127.0.0.1:$port/api/$variant/orders/$order_id" >"$work/wrk.out"
    local rps p99 errors
    rps="$(awk '/^Requests\/sec:/ {print $2}' "$work/wrk.out")"
    errors="$(awk '/Socket errors/ {gsub(",", ""); n += $4 + $6 + $8 + $10} /Non-2xx/ {n += $NF} END {print n + 0}' "$work/wrk.out")"
    p99="$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us$/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v*=1000}; print v}' "$work/wrk.out")"
    echo "$rps $p99 $errors"
}

: >"$work/rounds.txt"
load_before="$(awk '{print $1, $2, $3}' /proc/loadavg)"
for mode in "${modes[@]}"; do
    log "mode $mode: starting the app"
    start_app "$mode"
    for variant in "${variants[@]}"; do
        curl -fs "http://127.0.0.1:$port/api/$variant/orders/$order_id" >/dev/null ||
            { log "GET /api/$variant/orders/$order_id failed"; exit 1; }
    done
    check_tracing "$mode"
    log "mode $mode: warm-up ${warmup}s per variant"
    for variant in "${variants[@]}"; do run_wrk "$variant" "$warmup" >/dev/null; done
    for round in $(seq 1 "$rounds"); do
        order=("${variants[@]}")
        ((round % 2 == 0)) && order=("${variants[1]}" "${variants[0]}")
        for variant in "${order[@]}"; do
            result="$(run_wrk "$variant" "$duration")"
            echo "$mode $variant $result" >>"$work/rounds.txt"
            log "mode $mode round $round $variant: $result (req/s, p99 ms, failed)"
        done
    done
    stop_app
done
load_after="$(awk '{print $1, $2, $3}' /proc/loadavg)"

median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
value() { awk -v m="$1" -v v="$2" -v f="$3" '$1 == m && $2 == v {print $f}' "$work/rounds.txt" | median; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
cpu="$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
jdk="$("$java" -version 2>&1 | head -n 1)"
table="$(
    echo "| tracing | callback req/s | coro req/s | coro / callback | callback p99 ms | coro p99 ms | callback vs its \`off\` | coro vs its \`off\` | failed |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    for mode in "${modes[@]}"; do
        cb="$(value "$mode" callback 3)"
        co="$(value "$mode" coro 3)"
        printf "| %s | %.0f | %.0f | %s× | %.1f | %.1f | %s× | %s× | %d |\n" "$mode" "$cb" "$co" "$(ratio "$co" "$cb")" \
            "$(value "$mode" callback 4)" "$(value "$mode" coro 4)" \
            "$(ratio "$cb" "$(value off callback 3)")" "$(ratio "$co" "$(value off coro 3)")" \
            "$(awk -v m="$mode" '$1 == m {n += $5} END {print n + 0}' "$work/rounds.txt")"
    done
)"
echo
echo "$table"
echo
meta="Machine: $(nproc) × $cpu; $jdk; load average $load_before before, $load_after after (1, 5, 15 min). wrk -t$threads -c$connections, $rounds rounds of ${duration}s per variant after ${warmup}s warm-up, medians; downstream latency $latency; every request sampled (management.tracing.sampling.probability=1.0)."
echo "$meta"
if [[ "$write_docs" == 1 ]]; then
    doc="$root/docs/benchmarks.md"
    section="$work/section.md"
    {
        echo "## HTTP with tracing"
        echo
        echo "Run by \`benchmarks/http/tracing.sh\` on $(date -u +%Y-%m-%d). $meta"
        echo
        echo "$table"
        echo
        echo "\`off\`: no tracer. \`brave\`: Micrometer Tracing with Brave through Boot's auto-configuration; a coroutine"
        echo "restores the request's trace (MDC included) once when it starts, from the Reactor Context. \`auto\`: the same"
        echo "plus \`spring.reactor.context-propagation=auto\`, Reactor's automatic propagation, which restores ThreadLocals"
        echo "around every operator signal: what callback code needs for the trace id in its log lines."
        echo "The columns \"vs its \`off\`\" compare app runs one after another: read them with the load average."
    } >"$section"
    python3 - "$doc" "$section" <<'PY'
import sys, re
doc, section = sys.argv[1], sys.argv[2]
text = open(doc).read()
new = open(section).read().rstrip() + "\n"
pattern = re.compile(r"^## HTTP with tracing\n.*?(?=^## |\Z)", re.S | re.M)
text = pattern.sub(lambda m: new + "\n", text) if pattern.search(text) else text.rstrip() + "\n\n" + new
open(doc, "w").write(text)
PY
    log "wrote the section \"## HTTP with tracing\" of docs/benchmarks.md"
fi
