#!/bin/bash
# Server CPU and voluntary context switches per request of the sample shop's @Coroutine GET and POST endpoints, for
# several builds of the sample side by side (issue 12's A/B). Each app runs in its own JVM; rounds alternate the order.
#   usage: cpu-per-request.sh ROUNDS SECONDS CONNECTIONS NAME=JAR:PORT ...
#   e.g.   cpu-per-request.sh 5 10 64 main=/tmp/main.jar:18101 branch=sample-webapp/target/sample-webapp-0.1.0-SNAPSHOT.jar:18102
# CPU per request: utime+stime of the server process (/proc/<pid>/stat) over a wrk round, divided by its requests.
# Context switches per request: the sum of voluntary_ctxt_switches over the process's threads, likewise; a thread
# crossing (an event loop waking a carrier, a carrier waking an event loop) shows up here as a blocked thread woken.
# POST places an order of product 1: the first ones succeed, then every one is a 409 (out of stock) after the same
# body decoding, validation, transaction and awaits. JAVA (default: java on PATH) must be a JDK 21+.
set -u
ROUNDS=$1; SECS=$2; CONNS=$3; shift 3
JAVA=${JAVA:-java}
TCK=$(getconf CLK_TCK)
BODY='{"customerId":1,"items":[{"productId":1,"quantity":1}]}'
LUA=$(mktemp --suffix=.lua)
printf 'wrk.method = "POST"\nwrk.body = %s\nwrk.headers["Content-Type"] = "application/json"\n' "'$BODY'" > "$LUA"
declare -A PID PORT
NAMES=()
for spec in "$@"; do
  name=${spec%%=*}; rest=${spec#*=}; jar=${rest%%:*}; port=${rest##*:}
  NAMES+=("$name"); PORT[$name]=$port
  "$JAVA" -jar "$jar" --server.port="$port" > "/tmp/cpu-per-request-$name.log" 2>&1 &
  PID[$name]=$!
done
stop() { for name in "${NAMES[@]}"; do kill "${PID[$name]}" 2>/dev/null; done; rm -f "$LUA"; }
trap stop EXIT
for name in "${NAMES[@]}"; do
  for _ in $(seq 1 180); do curl -sf "http://localhost:${PORT[$name]}/api/coro/orders/7" > /dev/null && break; sleep 1; done
done
cpu() { awk '{print $14+$15}' "/proc/$1/stat"; }
vcs() { cat /proc/"$1"/task/*/status 2>/dev/null | awk '/^voluntary_ctxt_switches/{s+=$2} END{print s}'; }
run() { # name GET|POST seconds
  local name=$1 ep=$2 secs=$3 url="http://localhost:${PORT[$1]}" out
  local c0 v0 c1 v1
  c0=$(cpu "${PID[$name]}"); v0=$(vcs "${PID[$name]}")
  if [ "$ep" = GET ]; then out=$(wrk -t2 -c"$CONNS" -d"${secs}s" --latency "$url/api/coro/orders/7")
  else out=$(wrk -t2 -c"$CONNS" -d"${secs}s" --latency -s "$LUA" "$url/api/coro/orders"); fi
  c1=$(cpu "${PID[$name]}"); v1=$(vcs "${PID[$name]}")
  local reqs rps p99
  reqs=$(echo "$out" | awk '/requests in/{print $1}')
  rps=$(echo "$out" | awk '/Requests\/sec/{print $2}')
  p99=$(echo "$out" | awk '/ 99%/{print $2}')
  awk -v n="$name" -v e="$ep" -v rps="$rps" -v p99="$p99" -v t=$((c1 - c0)) -v v=$((v1 - v0)) -v r="$reqs" -v k="$TCK" \
      -v l="$(cut -d' ' -f1 /proc/loadavg)" \
      'BEGIN{printf "%s %s rps=%s cpu_us_per_req=%.1f vcsw_per_req=%.2f p99=%s reqs=%d load=%s\n", n, e, rps, t*1e6/k/r, v/r, p99, r, l}'
}
echo "# warm-up"
for name in "${NAMES[@]}"; do run "$name" GET 20 > /dev/null; run "$name" POST 20 > /dev/null; done
for r in $(seq 1 "$ROUNDS"); do
  if [ $((r % 2)) = 1 ]; then order=("${NAMES[@]}"); else mapfile -t order < <(printf '%s\n' "${NAMES[@]}" | tac); fi
  for name in "${order[@]}"; do
    for ep in GET POST; do echo "round $r $(run "$name" "$ep" "$SECS")"; done
  done
done
