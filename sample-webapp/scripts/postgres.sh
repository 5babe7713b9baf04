#!/usr/bin/env bash
# A throw-away PostgreSQL for the sample's contract tests (profile "postgres").
#   postgres.sh start   install PostgreSQL from Debian packages when absent, start it on 127.0.0.1:$SHOP_PG_PORT
#                       with a fresh data folder, create user and database "shop"
#   postgres.sh stop    stop it and delete the data folder
# Then: SHOP_PG_PORT=55432 mvn -pl sample-webapp -am verify   (the tests read SHOP_PG_HOST/PORT/USER/PASSWORD).
set -euo pipefail

port="${SHOP_PG_PORT:-55432}"
root="${TMPDIR:-/tmp}/coro-sample-postgres-$port"

log() { echo "[postgres.sh] $*" >&2; }

pg_bin() {
    local dir
    dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
    [[ -n "$dir" && -x "$dir/initdb" ]] && echo "$dir"
}

install_postgres() {
    if [[ -n "$(pg_bin)" ]]; then return; fi
    local as_root=()
    if [[ "$(id -u)" != 0 ]]; then
        if ! sudo -n true 2>/dev/null; then
            log "PostgreSQL is not installed and installing it needs root: apt-get install postgresql"
            exit 1
        fi
        as_root=(sudo -n)
    fi
    log "installing PostgreSQL from Debian packages"
    export DEBIAN_FRONTEND=noninteractive
    "${as_root[@]}" apt-get update -q >/dev/null
    # Debian's postinst would create and start a cluster of its own on 5432: not needed, not wanted.
    "${as_root[@]}" mkdir -p /etc/postgresql-common/createcluster.d
    echo "create_main_cluster = false" |
        "${as_root[@]}" tee /etc/postgresql-common/createcluster.d/50-coro-sample.conf >/dev/null
    "${as_root[@]}" apt-get install -y -q --no-install-recommends postgresql >/dev/null
}

# initdb refuses to run as root: as root, the server runs as Debian's "postgres" user.
as_owner() {
    if [[ "$(id -u)" == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
    install_postgres
    local bin
    bin="$(pg_bin)"
    if [[ -f "$root/data/postmaster.pid" ]]; then
        log "a server from an earlier run is still there; stopping it first"
        stop
    fi
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        log "port $port is taken by another program; choose another with SHOP_PG_PORT"
        exit 1
    fi
    rm -rf "$root"
    mkdir -p "$root"
    if [[ "$(id -u)" == 0 ]]; then chown postgres: "$root"; fi
    as_owner "$bin/initdb" -D "$root/data" -U shop -A trust -E UTF8 --no-sync >"$root/initdb.log" 2>&1 || {
        cat "$root/initdb.log" >&2
        exit 1
    }
    as_owner "$bin/pg_ctl" -D "$root/data" -l "$root/server.log" -w -t 60 \
        -o "-p $port -k $root -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off" start >/dev/null || {
        cat "$root/server.log" >&2
        exit 1
    }
    as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U shop shop
    log "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') runs on 127.0.0.1:$port (data: $root/data)"
}

stop() {
    local bin
    bin="$(pg_bin || true)"
    if [[ -n "$bin" && -f "$root/data/postmaster.pid" ]]; then
        as_owner "$bin/pg_ctl" -D "$root/data" -m fast -w stop >/dev/null || true
        log "stopped the server on port $port"
    fi
    rm -rf "$root"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    *)
        echo "usage: $0 start|stop   (port: SHOP_PG_PORT, default 55432)" >&2
        exit 2
        ;;
esac
