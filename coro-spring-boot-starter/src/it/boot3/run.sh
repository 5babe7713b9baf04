#!/usr/bin/env bash
# Starts a WebFlux application on Spring Boot 3.5 with coro-spring-boot-starter and checks that startup fails with
# Boot's failure report naming the Boot version found and the one needed (BootVersionCheck). The unit tests simulate
# the version; this runs the real Boot 3 jars. Needs the starter's and coro-reactor's jars in their target folders:
#   mvn -B -ntp -pl coro-spring-boot-starter -am -DskipTests package && bash coro-spring-boot-starter/src/it/boot3/run.sh
# Knobs: BOOT3_VERSION=3.5.0, JARS=<folder with both jars> (default: each module's target), JDK=<a JDK 21+>.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../../.." && pwd)"
version="${BOOT3_VERSION:-3.5.0}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
jars="${JARS:-$work/jars}"
if [[ -z "${JARS:-}" ]]; then
    mkdir -p "$jars"
    cp "$root"/coro-spring-boot-starter/target/coro-spring-boot-starter-*.jar "$root"/coro-reactor/target/coro-reactor-*.jar "$jars"/
fi
jdk="${JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}"
# Maven only resolves Boot 3's jars (it may run on an older JDK); the JDK 21+ compiles and runs the application.
(cd "$here" && mvn -q -B -ntp -Dspring-boot.version="$version" -Dcoro.jars="$jars" \
    dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" -Dmdep.includeScope=runtime)
classpath="$(cat "$work/cp.txt"):$jars/coro-spring-boot-starter-0.1.0-SNAPSHOT.jar:$jars/coro-reactor-0.1.0-SNAPSHOT.jar"
"$jdk/bin/javac" -d "$work/classes" -cp "$classpath" "$here/src/main/java/boot3/Boot3App.java"
status=0
# Without the check the application starts and serves (answering 500 for @Coroutine handlers): bounded, then judged.
timeout 180 "$jdk/bin/java" -cp "$work/classes:$classpath" boot3.Boot3App --server.port=0 >"$work/out.txt" 2>&1 ||
    status=$?
[[ "$status" != 124 ]] || { echo "[boot3] FAILED: the application was still running after 180 s" >&2; exit 1; }
fail() { echo "[boot3] FAILED: $*" >&2; cat "$work/out.txt" >&2; exit 1; }
[[ "$status" != 0 ]] || fail "the application started on Spring Boot $version"
grep -q "APPLICATION FAILED TO START" "$work/out.txt" || fail "no failure report"
grep -q "runs on Spring Boot $version" "$work/out.txt" || fail "the report does not name Spring Boot $version"
grep -q "needs Spring Boot 4.0 or newer" "$work/out.txt" || fail "the report does not name the version needed"
echo "[boot3] passed: on Spring Boot $version startup fails with:"
awk '/APPLICATION FAILED TO START/ {on = 1} on && NF && !/^\*/ {print} /^Action:/ {action = 1} action && NF && !/^Action:/ {exit}' "$work/out.txt"
