#!/usr/bin/env bash
# The compatibility matrix: the starter's tests and the sample's contract suite (H2, PostgreSQL, the browser test) on
# every supported Spring Boot line and JDK.
#   scripts/matrix.sh                       every Boot profile (boot-4.0, boot-4.1, boot-4.2) on every JDK found
#   scripts/matrix.sh boot-4.2              one Boot line
#   MATRIX_JDKS="25" scripts/matrix.sh      JDKs to run on (default "21 25"); one that is not installed and cannot be
#                                           installed from Debian packages is reported as skipped, not run
#   SHOP_PG_PORT=55433 scripts/matrix.sh    the PostgreSQL port (started and stopped by this script, see postgres.sh);
#   SHOP_PG_EXTERNAL=true                   ... or use a server already running there
# The Boot versions are the profiles of the parent pom. The library's own suite does not depend on Boot: it runs once,
# in `mvn verify`, and is left out here. Logs: target/matrix/<boot>-jdk<N>.log; a summary table at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

boots=("$@")
if [[ ${#boots[@]} -eq 0 ]]; then boots=(boot-4.0 boot-4.1 boot-4.2); fi
read -r -a jdks <<<"${MATRIX_JDKS:-21 25}"
out="$PWD/target/matrix"
mkdir -p "$out"

log() { echo "[matrix] $*" >&2; }

# A JDK of feature version $1: under /usr/lib/jvm (Debian, Temurin packages), JAVA_HOME, or setup-java's
# JAVA_HOME_<N>_X64. The build's toolchain plugin finds the same places.
jdk_installed() {
    local n="$1" home
    for home in /usr/lib/jvm/* "${JAVA_HOME:-}" "$(printenv "JAVA_HOME_${n}_X64" || true)"; do
        if [[ -n "$home" && -f "$home/release" ]] && grep -q "^JAVA_VERSION=\"$n[.\"]" "$home/release"; then
            return 0
        fi
    done
    return 1
}

# Installs openjdk-<N>-jdk-headless from Debian packages when the distribution has it.
install_jdk() {
    local n="$1" as_root=()
    if [[ "$(id -u)" != 0 ]]; then
        sudo -n true 2>/dev/null || return 1
        as_root=(sudo -n)
    fi
    "${as_root[@]}" apt-get update -q >/dev/null 2>&1 || return 1
    if ! apt-cache policy "openjdk-$n-jdk-headless" 2>/dev/null | grep -q "Candidate: [0-9]"; then
        return 1
    fi
    log "installing openjdk-$n-jdk-headless from Debian packages"
    DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -q --no-install-recommends \
        "openjdk-$n-jdk-headless" >/dev/null
}

runnable=()
skipped=()
for n in "${jdks[@]}"; do
    if jdk_installed "$n" || { install_jdk "$n" && jdk_installed "$n"; }; then
        runnable+=("$n")
    else
        # Debian 12 has no JDK 21 package (only 17), and Debian 13's needs a newer glibc than Debian 12's.
        skipped+=("$n")
        log "JDK $n: not installed, and no Debian package of this distribution provides it: not run here" \
            "(the GitHub workflow runs it with setup-java)"
    fi
done
if [[ ${#runnable[@]} -eq 0 ]]; then
    log "none of the JDKs ${jdks[*]} is available"
    exit 1
fi

export SHOP_PG_PORT="${SHOP_PG_PORT:-55432}"
if [[ "${SHOP_PG_EXTERNAL:-false}" != true ]]; then
    bash sample-webapp/scripts/postgres.sh start
    trap 'bash sample-webapp/scripts/postgres.sh stop' EXIT
fi
bash sample-webapp/scripts/chromium.sh

# The library's tests (package dev.coro and its conformance suites) are left out; the starter's (dev.coro.spring)
# and the sample's (dev.coro.sample) run. Patterns match one folder level per '*'.
excludes="$out/library-tests.excludes"
printf '%s\n' 'dev/coro/*' 'dev/coro/conformance/**' >"$excludes"

results=()
status=0
for boot in "${boots[@]}"; do
    for n in "${runnable[@]}"; do
        cell="$boot-jdk$n"
        log "$cell: running"
        start=$SECONDS
        # CI=true: PostgreSQL and Chromium are required (a skip would be a silent pass) and stress tests are short.
        if CI=true mvn -B -ntp -P "$boot" -Dtoolchain.jdk.version="[$n,$((n + 1)))" \
            -pl coro-reactor,coro-spring-boot-starter,sample-webapp verify \
            -Dsurefire.excludesFile="$excludes" -Dmaven.javadoc.skip=true -Dmaven.source.skip=true \
            -Dspotless.check.skip=true >"$out/$cell.log" 2>&1; then
            result=PASS
        elif grep -q "Could not resolve dependencies" "$out/$cell.log"; then
            # The Boot line's modules are not on the repository this machine reaches: nothing was tested.
            result=UNRESOLVED
            status=1
        else
            result=FAIL
            status=1
        fi
        tests="$({ grep -E '^\[(INFO|ERROR|WARNING)\] Tests run: [0-9]+, Failures: [0-9]+, Errors: [0-9]+, Skipped: [0-9]+$' \
            "$out/$cell.log" || true; } | awk -F'[:,]' '{run += $2; failed += $4 + $6; skipped += $8}
                END {printf "%d run, %d failed, %d skipped", run, failed, skipped}')"
        results+=("$(printf '%-16s %-10s %4ss  %s' "$cell" "$result" "$((SECONDS - start))" "$tests")")
        log "$cell: $result ($out/$cell.log)"
    done
done

echo
echo "Compatibility matrix (starter tests + sample contract suite), $(date -u +%FT%TZ):"
printf '%s\n' "${results[@]}"
for n in "${skipped[@]}"; do echo "jdk$n            SKIP  not installable on this machine"; done
exit $status
