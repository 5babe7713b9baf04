#!/usr/bin/env bash
# A throw-away PostgreSQL for the sample's contract tests (profile "postgres").
#   postgres.sh start   install PostgreSQL from Debian packages when absent, start it on 127.0.0.1:$SHOP_PG_PORT
#                       (exits 3 when the port is taken or claimed: the caller may try another)
#                       with a fresh data folder of its own, create user and database "shop"
#   postgres.sh stop    stop the server that `start` started in this run and delete its data folder
# Then: SHOP_PG_PORT=55432 mvn -pl sample-webapp -am verify   (the tests read SHOP_PG_HOST/PORT/USER/PASSWORD).
#
# It never touches a server it did not start: `start` refuses a port in use (or claimed by another run) before
# creating anything, and `stop` stops only the server whose state file names this run. A run is the shell that calls
# the script (its parent: both calls from one script or one terminal are one run); SHOP_PG_RUN overrides it.
set -euo pipefail

port="${SHOP_PG_PORT:-55432}"
run="${SHOP_PG_RUN:-$PPID}"
tmp="${TMPDIR:-/tmp}"
# One state file per port: it claims the port for one run and names that run's data folder.
state="$tmp/coro-sample-postgres-$port.state"

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

port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
}

# state file: "run=<id>", "starter=<pid of the start>", then "root=<data folder>"
state_value() {
    sed -n "s/^$1=//p" "$state" 2>/dev/null | head -n 1
}

# A claim is stale when its run and its start are gone and no server runs on its data folder (a run killed before
# its stop).
claim_is_stale() {
    local owner starter root pid
    owner="$(state_value run)"
    starter="$(state_value starter)"
    root="$(state_value root)"
    if [[ -n "$owner" ]] && kill -0 "$owner" 2>/dev/null; then return 1; fi
    if [[ -n "$starter" ]] && kill -0 "$starter" 2>/dev/null; then return 1; fi
    if [[ -n "$root" && -f "$root/data/postmaster.pid" ]]; then
        pid="$(head -n 1 "$root/data/postmaster.pid")"
        if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then return 1; fi
    fi
    return 0
}

claim_port() {
    if (set -o noclobber; printf "run=%s\nstarter=%s\n" "$run" "$$" >"$state") 2>/dev/null; then return 0; fi
    if claim_is_stale; then
        local root
        root="$(state_value root)"
        log "removing the state of an ended run on port $port (no server runs on ${root:-its folder})"
        if [[ -n "$root" && "$root" == "$tmp"/coro-sample-postgres-"$port".* ]]; then rm -rf "$root"; fi
        rm -f "$state"
        if (set -o noclobber; printf "run=%s\nstarter=%s\n" "$run" "$$" >"$state") 2>/dev/null; then return 0; fi
    fi
    log "port $port is claimed by another run ($(state_value run)) ($state); choose another with SHOP_PG_PORT"
    exit 3
}

start() {
    if port_in_use; then
        log "port $port is taken by another program; choose another with SHOP_PG_PORT"
        exit 3
    fi
    install_postgres
    local bin root
    bin="$(pg_bin)"
    claim_port
    root="$(mktemp -d "$tmp/coro-sample-postgres-$port.XXXXXX")"
    echo "root=$root" >>"$state"
    # Whatever fails from here on, this run's own folder and claim go, and nothing else.
    trap 'stop_own "$root"' ERR
    if [[ "$(id -u)" == 0 ]]; then chown postgres: "$root"; fi
    as_owner "$bin/initdb" -D "$root/data" -U shop -A trust -E UTF8 --no-sync >"$root/initdb.log" 2>&1 || {
        cat "$root/initdb.log" >&2
        false
    }
    as_owner "$bin/pg_ctl" -D "$root/data" -l "$root/server.log" -w -t 60 \
        -o "-p $port -k $root -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off" start >/dev/null || {
        cat "$root/server.log" >&2
        # A port nobody listens on can still be bound by someone else's connection: the same answer as a taken port.
        if grep -q "could not bind" "$root/server.log"; then
            trap - ERR
            stop_own "$root"
            log "port $port is taken by another program; choose another with SHOP_PG_PORT"
            exit 3
        fi
        false
    }
    as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U shop shop
    trap - ERR
    log "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') runs on 127.0.0.1:$port (data: $root/data)"
}

# Stops the server on this run's data folder ($1) and deletes the folder, and the claim while it is still this run's.
stop_own() {
    local bin root="$1"
    bin="$(pg_bin || true)"
    if [[ -n "$bin" && -n "$root" && -f "$root/data/postmaster.pid" ]]; then
        as_owner "$bin/pg_ctl" -D "$root/data" -m fast -w stop >/dev/null || true
        log "stopped the server on port $port"
    fi
    if [[ -n "$root" ]]; then rm -rf "$root"; fi
    if [[ "$(state_value run)" == "$run" && "$(state_value root)" == "$root" ]]; then rm -f "$state"; fi
}

stop() {
    if [[ ! -f "$state" ]]; then
        log "no server started by postgres.sh on port $port: nothing to stop"
        return 0
    fi
    local owner
    owner="$(state_value run)"
    if [[ "$owner" != "$run" ]]; then
        log "the server on port $port belongs to another run ($owner), not this one ($run): left alone" \
            "(set SHOP_PG_RUN=$owner to stop it)"
        return 0
    fi
    stop_own "$(state_value root)"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    *)
        echo "usage: $0 start|stop   (port: SHOP_PG_PORT, default 55432)" >&2
        exit 2
        ;;
esac
