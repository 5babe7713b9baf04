#!/usr/bin/env bash
# Concurrency benchmark: N requests in flight at once against GET /api/{coro,callback,blocking}/delay?millis=DELAY
# (each waits on Reactor's timer, no thread held), sent by the sample's own load client (dev.coro.sample.load,
# written with coro-reactor) over HTTP/2 (h2c, prior knowledge, a few connections) and over HTTP/1.1 (one connection
# per request, spread over the loopback source addresses 127.0.0.2...). One fresh app per variant and protocol.
# Measures: the most requests in flight at once and the errors, the server's heap after a full GC and RSS with every
# request in flight, minus the same before the run, per in-flight request; ramp-up (start to the most in flight) and
# drain (first to last answer). Writes a table and a PNG plot into docs/benchmarks.md ("## 100,000 concurrent
# requests") and docs/benchmarks-concurrency.png. Loopback only; every run is bounded (MAX_SECONDS) and the script
# stops the app, the client and the kernel settings it changed when it ends, however it ends.
#
# Knobs (environment): REQUESTS=100000 DELAY=60000 (ms each request waits) PROTOCOLS="h2c http1"
#   VARIANTS="coro callback blocking" ADDRESSES=4 (HTTP/1.1 source addresses 127.0.0.2...) H2_CONNECTIONS=8
#   SERVER_HEAP=6g CLIENT_HEAP=4g PORT=18090 MAX_SECONDS=300 (per run) WRITE_DOCS=1 JAR= (an app jar to use
#   instead of building one)
# Limits: each process needs one file descriptor per HTTP/1.1 connection. The script raises `ulimit -n` to what it
#   needs; where the hard limit is lower and cannot be raised (no CAP_SYS_RESOURCE, as in some containers), HTTP/1.1
#   runs with as many requests as the limit allows, and the table says so.
# Needs: a JDK 21+ with jcmd, gnuplot (Debian package gnuplot-nox, installed when absent if run as root).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
requests="${REQUESTS:-100000}"
delay="${DELAY:-60000}"
protocols=(${PROTOCOLS:-h2c http1})
variants=(${VARIANTS:-coro callback blocking})
addresses="${ADDRESSES:-4}"
h2_connections="${H2_CONNECTIONS:-8}"
server_heap="${SERVER_HEAP:-6g}"
client_heap="${CLIENT_HEAP:-4g}"
port="${PORT:-18090}"
max_seconds="${MAX_SECONDS:-300}"
write_docs="${WRITE_DOCS:-1}"

log() { echo "[concurrency-bench] $*" >&2; }

find_java() {
    local candidate
    for candidate in "${JAVA_HOME:-}" $(ls -d /usr/lib/jvm/* 2>/dev/null | sort -rV); do
        [[ -x "$candidate/bin/java" && -x "$candidate/bin/jcmd" ]] || continue
        local major
        major="$("$candidate/bin/java" -XshowSettings:properties -version 2>&1 |
            awk -F'= ' '/java.specification.version/ {print $2}')"
        if [[ "${major%%.*}" -ge 21 ]]; then
            echo "$candidate"
            return
        fi
    done
    log "no JDK 21+ with jcmd found (set JAVA_HOME)"
    exit 1
}

if [[ "$write_docs" == 1 ]] && ! command -v gnuplot >/dev/null 2>&1; then
    if [[ "$(id -u)" != 0 ]]; then log "gnuplot is missing: apt-get install gnuplot-nox"; exit 1; fi
    log "installing gnuplot-nox from Debian packages"
    DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends gnuplot-nox >/dev/null
fi
jdk="$(find_java)"
java="$jdk/bin/java"
jcmd="$jdk/bin/jcmd"

if [[ -n "${JAR:-}" ]]; then
    log "using the app's jar $JAR (no build)"
    built="$JAR"
else
    log "building the app"
    (cd "$root" && mvn -q -B -ntp -pl sample-webapp -am -DskipTests package)
    built="$(ls "$root"/sample-webapp/target/sample-webapp-*.jar | grep -v original | head -n 1)"
fi

work="$(mktemp -d)"
app_pid=""
client_pid=""
declare -A sysctl_before=()
cleanup() {
    for pid in "$client_pid" "$app_pid"; do
        if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
            kill "$pid" 2>/dev/null || true
            wait "$pid" 2>/dev/null || true
        fi
    done
    for key in "${!sysctl_before[@]}"; do
        sysctl -q -w "$key=${sysctl_before[$key]}" >/dev/null 2>&1 || true
    done
    [[ "${KEEP_WORK:-0}" == 1 ]] && log "work files kept in $work" || rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
# A copy: a build during the run cannot change or remove the jar under the next app.
jar="$work/app.jar"
cp "$built" "$jar"

# Kernel settings for a burst of connections on loopback, raised when allowed and restored at the end.
raise_sysctl() {
    local key="$1" value="$2" current
    current="$(sysctl -n "$key" 2>/dev/null)" || return 0
    if [[ "$current" -lt "$value" ]] && sysctl -q -w "$key=$value" >/dev/null 2>&1; then
        sysctl_before[$key]="$current"
        log "sysctl $key: $current -> $value (restored at the end)"
    fi
}
raise_sysctl net.core.somaxconn 65535
raise_sysctl net.ipv4.tcp_max_syn_backlog 65535

# File descriptors: one per HTTP/1.1 connection in each process, plus the JVM's own.
wanted_fds=$((requests + 4096))
hard_fds="$(ulimit -Hn)"
if [[ "$hard_fds" != unlimited && "$hard_fds" -lt "$wanted_fds" ]]; then
    ulimit -Hn "$wanted_fds" 2>/dev/null || true # needs CAP_SYS_RESOURCE
    hard_fds="$(ulimit -Hn)"
fi
if [[ "$hard_fds" == unlimited || "$hard_fds" -ge "$wanted_fds" ]]; then ulimit -Sn "$wanted_fds"; else ulimit -Sn "$hard_fds"; fi
fds="$(ulimit -Sn)"
log "open files limit: $fds (wanted $wanted_fds; hard limit $(ulimit -Hn))"

# A class histogram (it runs a full GC first): live heap in KB, and the requests the server holds, counted as live
# reactor.netty HttpServerOperations (one per HTTP/1.1 request or HTTP/2 stream). jcmd works however busy the app's
# event loops are, which an actuator request does not.
histogram() { "$jcmd" "$1" GC.class_histogram >"$work/histogram.txt"; }
heap_used_kb() { awk '$1 == "Total" {printf "%d", $3 / 1024}' "$work/histogram.txt"; }
server_requests() { awk '$4 == "reactor.netty.http.server.HttpServerOperations" {n = $2} END {printf "%d", n}' "$work/histogram.txt"; }
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
settle() { # two full GCs, so that what remains is live
    "$jcmd" "$1" GC.run >/dev/null
    "$jcmd" "$1" GC.run >/dev/null
}

start_app() {
    "$java" -Xms"$server_heap" -Xmx"$server_heap" -jar "$jar" --server.port="$port" \
        --server.http2.enabled=true --shop.http2.max-concurrent-streams="$requests" \
        --logging.level.root=WARN --spring.main.banner-mode=off >"$work/app.log" 2>&1 &
    app_pid=$!
    for _ in $(seq 1 360); do
        curl -fs "http://127.0.0.1:$port/actuator/health" >/dev/null 2>&1 && return
        kill -0 "$app_pid" 2>/dev/null || { cat "$work/app.log" >&2; exit 1; }
        sleep 0.5
    done
    log "the app did not start"; exit 1
}

stop_app() {
    kill "$app_pid" 2>/dev/null || true
    wait "$app_pid" 2>/dev/null || true
    app_pid=""
}

client() { # protocol n delay-ms output-file [extra options...]
    local protocol="$1" n="$2" millis="$3" out="$4"
    shift 4
    local options=(--url="http://127.0.0.1:$port/api/$variant/delay?millis=$millis" --requests="$n"
        --concurrency=0 --protocol="$protocol" --max-seconds="$max_seconds" "$@")
    if [[ "$protocol" == h2c ]]; then
        options+=(--connections="$h2_connections")
    else
        local list="" i
        for i in $(seq 2 $((addresses + 1))); do list+="${list:+,}127.0.0.$i"; done
        options+=(--local-addresses="$list")
    fi
    exec "$java" -Xms"$client_heap" -Xmx"$client_heap" -Dloader.main=dev.coro.sample.load.LoadClientMain \
        -jar "$jar" "${options[@]}" >"$out" 2>&1
}

result() { (grep -o "$2=[^ ]*" "$1" || echo "$2=0") | tail -n 1 | cut -d= -f2; }

: >"$work/results.txt"
for protocol in "${protocols[@]}"; do
    n="$requests"
    note=""
    if [[ "$protocol" == http1 && $((n + 1024)) -gt "$fds" ]]; then
        n=$((fds - 1024))
        note="capped: open files limit $fds"
        log "HTTP/1.1 needs a descriptor per connection in each process: $requests requests do not fit in the" \
            "open files limit of $fds, which this process cannot raise; running $n"
    fi
    for variant in "${variants[@]}"; do
        log "$protocol $variant: starting a fresh app"
        start_app
        # Warm-up: the same path, briefly, so that the measured run does not pay for class loading and JIT.
        (client "$protocol" 1000 100 "$work/warmup.out") >/dev/null
        settle "$app_pid"
        histogram "$app_pid"
        base_heap="$(heap_used_kb)"
        base_requests="$(server_requests)"
        base_rss="$(rss_kb "$app_pid")"
        log "$protocol $variant: base heap $((base_heap / 1024)) MB, RSS $((base_rss / 1024)) MB; sending $n requests"
        out="$work/$protocol-$variant.out"
        client "$protocol" "$n" "$delay" "$out" --progress=1 &
        client_pid=$!
        # Measure once the server holds every request (Boot's http.server.requests.active, minus this request), before
        # the first answers; the client's own count includes requests still waiting for a connection or a stream.
        held=0
        deadline=$((SECONDS + delay / 1000 - 5))
        sleep 10
        while kill -0 "$client_pid" 2>/dev/null && [[ "$SECONDS" -lt "$deadline" ]]; do
            histogram "$app_pid"
            if [[ $(($(server_requests) - base_requests)) -ge "$n" ]]; then held=1; break; fi
            sleep 5
        done
        loaded_rss="$(rss_kb "$app_pid")"
        histogram "$app_pid"
        loaded_heap="$(heap_used_kb)"
        in_flight_measured="$(($(server_requests) - base_requests))"
        wait "$client_pid" || true
        client_pid=""
        stop_app
        per_heap="$(awk -v a="$loaded_heap" -v b="$base_heap" -v n="$in_flight_measured" 'BEGIN {printf "%.1f", n ? (a - b) / n : 0}')"
        per_rss="$(awk -v a="$loaded_rss" -v b="$base_rss" -v n="$in_flight_measured" 'BEGIN {printf "%.1f", n ? (a - b) / n : 0}')"
        line="$protocol $variant $n $in_flight_measured $(result "$out" errors) $(result "$out" done) $per_heap $per_rss $(result "$out" ramp_up_ms) $(result "$out" drain_ms) $held ${note// /_}"
        echo "$line" >>"$work/results.txt"
        log "$protocol $variant: $line"
        # in-flight over time, for the plot: seconds, in flight
        awk '/ in flight / {t = $1; sub(/s$/, "", t); match($0, /in flight [0-9,]+/); v = substr($0, RSTART + 10, RLENGTH - 10); gsub(",", "", v); print t, v}' \
            "$out" >"$work/$protocol-$variant.dat"
        cp "$out" "$work/$protocol-$variant.log"
    done
done

echo
cat "$work/results.txt"
load="$(awk '{print $1, $2, $3}' /proc/loadavg)"
[[ "$write_docs" == 1 ]] || exit 0

# Plot: requests in flight over time per variant (HTTP/2 and HTTP/1.1), and heap per in-flight request.
awk '{print $1 "-" $2, $7}' "$work/results.txt" >"$work/heap.dat"
plots_h2="" plots_h1=""
for variant in "${variants[@]}"; do
    [[ -s "$work/h2c-$variant.dat" ]] && plots_h2+="${plots_h2:+, }\"$work/h2c-$variant.dat\" using 1:2 with lines lw 2 title \"$variant\""
    [[ -s "$work/http1-$variant.dat" ]] && plots_h1+="${plots_h1:+, }\"$work/http1-$variant.dat\" using 1:2 with lines lw 2 title \"$variant\""
done
{
    echo 'set terminal pngcairo size 1200,420 font "sans,10" noenhanced'
    echo "set output \"$root/docs/benchmarks-concurrency.png\""
    echo "set multiplot layout 1,3 title \"GET /api/{variant}/delay?millis=$delay: requests in flight at once (client side) and server heap per in-flight request\""
    echo 'set grid; set key bottom right; set xlabel "seconds since the start"; set ylabel "requests in flight"; set yrange [0:*]'
    [[ -n "$plots_h2" ]] && echo "set title \"HTTP/2 (h2c)\"; plot $plots_h2"
    [[ -n "$plots_h1" ]] && echo "set title \"HTTP/1.1\"; plot $plots_h1"
    echo 'set title "heap per in-flight request"; set style data histograms; set style fill solid 0.6; set boxwidth 0.8'
    echo 'set xlabel ""; set ylabel "KB"; set xtics rotate by -30; set key off'
    echo "plot \"$work/heap.dat\" using 2:xtic(1) title \"heap\""
    echo 'unset multiplot'
} >"$work/plot.gp"
gnuplot "$work/plot.gp"

kb() { awk -v v="$1" 'BEGIN {printf "%.1f", v}'; }
table="$(
    echo "| protocol | variant | requests sent at once | in flight on the server | errors | answered | heap per in-flight request | RSS per in-flight request | ramp-up | drain |"
    echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    while read -r protocol variant n max errors done heap rss ramp drain held note; do
        printf "| %s | %s | %'d%s | %'d | %s | %'d | %s KB | %s KB | %.1f s | %.1f s |\n" "$protocol" "$variant" "$n" \
            "${note:+ ($(echo "$note" | tr _ ' '))}" "$max" "$errors" "$done" "$heap" "$rss" \
            "$(awk -v v="$ramp" 'BEGIN {print v / 1000}')" "$(awk -v v="$drain" 'BEGIN {print v / 1000}')"
    done <"$work/results.txt"
)"
ratios="$(
    for protocol in "${protocols[@]}"; do
        c="$(awk -v p="$protocol" '$1 == p && $2 == "callback" {print $7}' "$work/results.txt")"
        k="$(awk -v p="$protocol" '$1 == p && $2 == "coro" {print $7}' "$work/results.txt")"
        b="$(awk -v p="$protocol" '$1 == p && $2 == "blocking" {print $7}' "$work/results.txt")"
        [[ -n "$c" && -n "$k" ]] || continue
        awk -v p="$protocol" -v c="$c" -v k="$k" -v b="${b:-0}" 'BEGIN {
            r = k / c
            printf "- %s: coro / callback heap per in-flight request %.2f× (target ≤ 1.03: %s)", p, r, (r <= 1.03) ? "met" : "missed"
            if (b > 0) printf "; blocking / callback %.2f×", b / c
            printf "\n"
        }'
    done
)"
cpu="$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
section="$(
    echo "## 100,000 concurrent requests"
    echo
    echo "\`benchmarks/concurrency/run.sh\` — $requests requests sent at once by the sample's load client"
    echo "(\`dev.coro.sample.load.LoadClient\`, itself written with coro-reactor: one coroutine per request) to"
    echo "\`GET /api/{variant}/delay?millis=$delay\`, where each request waits on Reactor's timer: \`coro\` awaits"
    echo "\`Mono.delay\` in a \`@Coroutine\` handler, \`callback\` returns \`Mono.delay(...).thenReturn(...)\`, \`blocking\`"
    echo "calls \`.block()\` on Spring's blocking execution with virtual threads. One fresh app per row (\`-Xmx$server_heap\`,"
    echo "a 1,000-request warm-up first), the client in its own JVM (\`-Xmx$client_heap\`). HTTP/2: h2c with prior"
    echo "knowledge over $h2_connections connections (\`shop.http2.max-concurrent-streams\` lifts Reactor Netty's 100 streams per"
    echo "connection). HTTP/1.1: one connection per request from 127.0.0.2–127.0.0.$((addresses + 1)) (about 28,000 local"
    echo "ports per address). Heap: live after a full GC (\`jcmd GC.class_histogram\`) with every request in flight, minus the"
    echo "same before the run, divided by the requests in flight on the server (live Reactor Netty"
    echo "\`HttpServerOperations\`, one per request, in the same \`jcmd GC.class_histogram\`); RSS likewise (not after a GC: the JVM keeps heap it"
    echo "grew). Ramp-up: start of the run to the most requests in flight; drain: first answer to last answer."
    echo "Machine: ${cpu}, $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB, $("$java" -version 2>&1 | head -n 1);"
    echo "open files limit ${fds} (hard limit $(ulimit -Hn)); load average at the end: ${load} (other builds included)."
    echo
    echo "$table"
    echo
    echo "$ratios"
    echo
    echo "![requests in flight over time, and heap per in-flight request](benchmarks-concurrency.png)"
)"
SECTION="$section" HEADING="## 100,000 concurrent requests" python3 - "$root/docs/benchmarks.md" <<'PY'
import os, re, sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
section = os.environ["SECTION"].rstrip() + "\n"
pattern = re.compile(r"^" + re.escape(os.environ["HEADING"]) + r"\n.*?(?=^## |\Z)", re.S | re.M)
if pattern.search(text):
    text = pattern.sub(lambda _: section + "\n", text, count=1).rstrip() + "\n"
else:
    text = text.rstrip() + "\n\n" + section
open(path, "w", encoding="utf-8").write(text)
PY
log "wrote docs/benchmarks.md (## 100,000 concurrent requests) and docs/benchmarks-concurrency.png"
