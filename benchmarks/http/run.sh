#!/usr/bin/env bash
# HTTP benchmark of the sample shop: GET /api/{callback,coro,blocking}/orders/{id} (DB, DB, downstream HTTP in
# sequence), measured with wrk in alternating rounds against one running app, so that all three variants share the
# same JIT state, heap and machine conditions. Prints requests/s and p99 latency with ratios, writes the table and a
# PNG plot into docs/benchmarks.md (its own section only: "## HTTP", or "## HTTP on PostgreSQL") and docs/.
#
# Knobs (environment): ROUNDS=5 DURATION=15 (s per run) WARMUP=30 (s per variant) CONNECTIONS=64 THREADS=2
#                      LATENCY=20ms (simulated downstream) PORT=18080 ORDER_ID=7 WRITE_DOCS=1
#                      SMOKE=0 (1: build, start, check that every variant answers, stop; no wrk, no docs)
# Database: PROFILE=h2 (default: embedded H2, in memory) or PROFILE=postgres (the app's "postgres" profile). With
#           postgres, the script starts a throw-away server with sample-webapp/scripts/postgres.sh on
#           SHOP_PG_PORT (default 55432) and stops it at the end; START_POSTGRES=0 uses one already running at
#           SHOP_PG_HOST/SHOP_PG_PORT instead. The results go to their own section, "## HTTP on PostgreSQL",
#           and plot, docs/benchmarks-http-postgres.png, so both tables can stand side by side.
# Needs: wrk and gnuplot (Debian packages, installed when absent if run as root), a JDK 21+ (found like Maven's
# toolchain: $JAVA_HOME, else the newest /usr/lib/jvm/*).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
rounds="${ROUNDS:-5}"
duration="${DURATION:-15}"
warmup="${WARMUP:-30}"
connections="${CONNECTIONS:-64}"
threads="${THREADS:-2}"
latency="${LATENCY:-20ms}"
port="${PORT:-18080}"
order_id="${ORDER_ID:-7}"
write_docs="${WRITE_DOCS:-1}"
smoke="${SMOKE:-0}"
profile="${PROFILE:-h2}"
start_postgres="${START_POSTGRES:-1}"
export SHOP_PG_PORT="${SHOP_PG_PORT:-55432}"
case "$profile" in
    h2)
        heading="## HTTP"
        plot_name="benchmarks-http.png"
        database="embedded H2"
        ;;
    postgres)
        heading="## HTTP on PostgreSQL"
        plot_name="benchmarks-http-postgres.png"
        database="PostgreSQL (profile \`postgres\`, on the same machine)"
        ;;
    *)
        echo "[http-bench] PROFILE must be h2 or postgres, not '$profile'" >&2
        exit 2
        ;;
esac
variants=(callback coro blocking)

log() { echo "[http-bench] $*" >&2; }

need() {
    local command="$1" package="$2"
    command -v "$command" >/dev/null 2>&1 && return
    if [[ "$(id -u)" != 0 ]]; then
        log "$command is missing: apt-get install $package"
        exit 1
    fi
    log "installing $package from Debian packages"
    DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$package" >/dev/null
}

find_java() {
    local candidate
    for candidate in "${JAVA_HOME:-}" $(ls -d /usr/lib/jvm/* 2>/dev/null | sort -rV); do
        [[ -x "$candidate/bin/java" ]] || continue
        local major
        major="$("$candidate/bin/java" -XshowSettings:properties -version 2>&1 |
            awk -F'= ' '/java.specification.version/ {print $2}')"
        if [[ "${major%%.*}" -ge 21 ]]; then
            echo "$candidate/bin/java"
            return
        fi
    done
    log "no JDK 21+ found (set JAVA_HOME)"
    exit 1
}

if [[ "$smoke" != 1 ]]; then
    need wrk wrk
    need gnuplot gnuplot-nox
fi
java="$(find_java)"

log "building the app"
(cd "$root" && mvn -q -B -ntp -pl sample-webapp -am -DskipTests package)
jar="$(ls "$root"/sample-webapp/target/sample-webapp-*.jar | grep -v original | head -n 1)"

work="$(mktemp -d)"
app_pid=""
postgres_started=0
cleanup() {
    if [[ -n "$app_pid" ]] && kill -0 "$app_pid" 2>/dev/null; then
        kill "$app_pid"
        wait "$app_pid" 2>/dev/null || true
    fi
    if [[ "$postgres_started" == 1 ]]; then
        bash "$root/sample-webapp/scripts/postgres.sh" stop || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

app_args=()
if [[ "$profile" == postgres ]]; then
    if [[ "$start_postgres" == 1 ]]; then
        log "starting PostgreSQL on port $SHOP_PG_PORT"
        postgres_started=1
        bash "$root/sample-webapp/scripts/postgres.sh" start
    fi
    # The app reads SHOP_PG_HOST/PORT/DATABASE/USER/PASSWORD (application-postgres.properties).
    app_args+=(--spring.profiles.active=postgres)
fi

log "starting the app on port $port (database: $profile, downstream latency $latency)"
"$java" -Xms1g -Xmx1g -jar "$jar" --server.port="$port" --logging.level.root=WARN --spring.main.banner-mode=off \
    --shop.downstream.simulated-latency="$latency" "${app_args[@]}" >"$work/app.log" 2>&1 &
app_pid=$!
for _ in $(seq 1 120); do
    curl -fs "http://127.0.0.1:$port/actuator/health" >/dev/null 2>&1 && break
    kill -0 "$app_pid" 2>/dev/null || { cat "$work/app.log" >&2; exit 1; }
    sleep 0.5
done
for variant in "${variants[@]}"; do
    curl -fs "http://127.0.0.1:$port/api/$variant/orders/$order_id" >/dev/null ||
        { log "GET /api/$variant/orders/$order_id failed"; exit 1; }
done
log "the app reports $(curl -fs "http://127.0.0.1:$port/actuator/health" | grep -o '"database":"[^"]*"' | head -n 1)"
if [[ "$smoke" == 1 ]]; then
    log "smoke check passed: the app runs on $profile and every variant answers; stopping"
    exit 0
fi

# wrk prints "Requests/sec: 1234.56" and, with --latency, "99%   12.34ms" (us, ms or s).
run_wrk() {
    local variant="$1" seconds="$2"
    wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency \
        "http://127.0.0.1:$port/api/$variant/orders/$order_id" >"$work/wrk.out"
    local rps p99 errors
    rps="$(awk '/^Requests\/sec:/ {print $2}' "$work/wrk.out")"
    # Failed requests: socket errors plus non-2xx answers (a 504 means the downstream call timed out under load).
    errors="$(awk '/Socket errors/ {gsub(",", ""); n += $4 + $6 + $8 + $10} /Non-2xx/ {n += $NF} END {print n + 0}' "$work/wrk.out")"
    p99="$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us$/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v*=1000}; print v}' "$work/wrk.out")"
    echo "$rps $p99 $errors"
}

log "warm-up: ${warmup}s per variant"
for variant in "${variants[@]}"; do run_wrk "$variant" "$warmup" >/dev/null; done

: >"$work/rounds.txt"
for round in $(seq 1 "$rounds"); do
    # Rotate who goes first, so that no variant always runs right after the same neighbour.
    order=()
    for i in 0 1 2; do order+=("${variants[$(((i + round - 1) % 3))]}"); done
    for variant in "${order[@]}"; do
        result="$(run_wrk "$variant" "$duration")"
        echo "$round $variant $result" >>"$work/rounds.txt"
        log "round $round $variant: $result (req/s, p99 ms, failed requests)"
    done
done

# Medians per variant over the rounds.
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
declare -A rps p99
for variant in "${variants[@]}"; do
    rps[$variant]="$(awk -v v="$variant" '$2 == v {print $3}' "$work/rounds.txt" | median)"
    p99[$variant]="$(awk -v v="$variant" '$2 == v {print $4}' "$work/rounds.txt" | median)"
done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
# "VALUE× (target OP LIMIT: met|missed)", OP being >= or <=.
against() {
    awk -v v="$1" -v op="$2" -v limit="$3" 'BEGIN {
        ok = (op == ">=") ? (v >= limit) : (v <= limit)
        printf "%s× (target %s %s: %s)", v, (op == ">=") ? "≥" : "≤", limit, ok ? "met" : "missed"
    }'
}

cpu="$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
load="$(awk '{print $1, $2, $3}' /proc/loadavg)"
jdk="$("$java" -version 2>&1 | head -n 1)"
table="$(
    echo "| variant | requests/s (median) | requests/s (min–max) | p99 ms (median) | p99 ms (min–max) | throughput vs callback | p99 vs callback | failed requests |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|"
    for variant in "${variants[@]}"; do
        printf "| %s | %.0f | %s | %.1f | %s | %s× | %s× | %d |\n" "$variant" "${rps[$variant]}" \
            "$(awk -v v="$variant" '$2 == v {if (min == "" || $3 < min) min = $3; if ($3 > max) max = $3} END {printf "%.0f–%.0f", min, max}' "$work/rounds.txt")" \
            "${p99[$variant]}" \
            "$(awk -v v="$variant" '$2 == v {if (min == "" || $4 < min) min = $4; if ($4 > max) max = $4} END {printf "%.0f–%.0f", min, max}' "$work/rounds.txt")" \
            "$(ratio "${rps[$variant]}" "${rps[callback]}")" "$(ratio "${p99[$variant]}" "${p99[callback]}")" \
            "$(awk -v v="$variant" '$2 == v {n += $5} END {print n + 0}' "$work/rounds.txt")"
    done
)"
summary="coro / callback: throughput $(against "$(ratio "${rps[coro]}" "${rps[callback]}")" ">=" 0.95), p99 $(against "$(ratio "${p99[coro]}" "${p99[callback]}")" "<=" 1.1); coro / blocking: throughput $(against "$(ratio "${rps[coro]}" "${rps[blocking]}")" ">=" 1.2)"

echo
echo "$table"
echo
echo "$summary"

[[ "$write_docs" == 1 ]] || exit 0

# Plot: requests/s per round and variant, and p99 per round and variant.
awk '{print $1, $2, $3, $4}' "$work/rounds.txt" >"$work/data.txt"
for variant in "${variants[@]}"; do awk -v v="$variant" '$2 == v' "$work/data.txt" >"$work/$variant.dat"; done
gnuplot <<GNUPLOT
set terminal pngcairo size 1000,420 font "sans,10" noenhanced
set output "$root/docs/$plot_name"
set multiplot layout 1,2 title "GET /api/{variant}/orders/$order_id on $profile — wrk -c$connections, ${duration}s per round, downstream latency $latency"
set style data linespoints
set xlabel "round"
set xtics 1
set grid ytics
set key bottom right
set ylabel "requests/s"
set yrange [0:*]
plot "$work/callback.dat" using 1:3 title "callback" lw 2, "$work/coro.dat" using 1:3 title "coro" lw 2, "$work/blocking.dat" using 1:3 title "blocking (virtual threads)" lw 2
set ylabel "p99 latency (ms)"
set key top right
plot "$work/callback.dat" using 1:4 title "callback" lw 2, "$work/coro.dat" using 1:4 title "coro" lw 2, "$work/blocking.dat" using 1:4 title "blocking (virtual threads)" lw 2
unset multiplot
GNUPLOT

section="$(
    echo "$heading"
    echo
    echo "\`PROFILE=$profile benchmarks/http/run.sh\` — the sample shop's \`GET /api/{variant}/orders/$order_id\` (two R2DBC"
    echo "queries on $database, then a WebClient call to the simulated downstream with ${latency} latency), measured with \`wrk\`"
    echo "(${threads} threads, ${connections} connections) in ${rounds} alternating rounds of ${duration} s after a ${warmup} s"
    echo "warm-up per variant, all against one running app. \`callback\`: Reactor chains; \`coro\`: \`@Coroutine\`"
    echo "straight-line handler; \`blocking\`: plain \`.block()\` code on Spring's blocking execution with virtual threads"
    echo "(\`spring.threads.virtual.enabled=true\`, \`/api/blocking/**\` only). wrk runs on the same machine: ${cpu},"
    echo "$(nproc) cores, ${jdk}; load average at the end of the run: ${load} (other processes included)."
    echo "Medians over the rounds; ratios against \`callback\`."
    echo
    echo "$table"
    echo
    echo "$summary."
    echo
    echo "![requests/s and p99 per round]($plot_name)"
    echo
    echo "Reading the numbers: when a variant's median lies inside another's min–max range, this run cannot tell"
    echo "them apart. Every request here also pays for parts all variants share — the Netty server, JSON, two R2DBC"
    echo "queries, and the simulated downstream, served by the same process — and wrk competes for the same cores,"
    echo "so the handler style is a small share of the cost. \`coro\` and \`blocking\` use the same mechanism"
    echo "underneath (each request moves from the event loop to a virtual thread that parks while a \`Mono\` is"
    echo "pending), so no throughput gap between them is expected; what differs is that \`coro\` keeps the request's"
    echo "Context and cancellation, which \`.block()\` loses."
    if [[ "$profile" == h2 ]]; then
        echo "With H2, \`r2dbc-h2\` runs each query on the thread that subscribes: the event loop for \`callback\`"
        echo "(which also serves the simulated downstream), a virtual thread for \`coro\` and \`blocking\`."
        echo "\`PROFILE=postgres\` measures the same handlers on a driver that does its I/O asynchronously."
    fi
    echo
    echo "Per round (round, variant, requests/s, p99 ms, failed requests):"
    echo
    echo '```'
    cat "$work/rounds.txt"
    echo '```'
)"
docs="$root/docs/benchmarks.md"
[[ -f "$docs" ]] || printf "# Benchmarks\n" >"$docs"
# Replace the "$heading" section (up to the next "## " heading) or append it; other sections stay untouched.
SECTION="$section" HEADING="$heading" python3 - "$docs" <<'PY'
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
log "wrote docs/benchmarks.md ($heading) and docs/$plot_name"
