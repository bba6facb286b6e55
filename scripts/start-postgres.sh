#!/usr/bin/env bash
# Start a throw-away PostgreSQL cluster on loopback for vanban's store; print its URL.
#
#   url=$(bash scripts/start-postgres.sh /tmp/vanban-pg)     # start (or reuse) the cluster
#   VANBAN_STORE=$url vanban run --inbox inbox --out out
#   bash scripts/start-postgres.sh --stop /tmp/vanban-pg     # stop it (data stays)
#
# Installs Debian's postgresql first when initdb is missing and we are root. The cluster
# lives in DIR (default /tmp/vanban-pg), listens on 127.0.0.1 only (port: $PGPORT or a
# free one), trusts local connections (loopback only: a test/CI cluster, not a server)
# and has a database "vanban" owned by the role "vanban". As root, the server runs as
# the "postgres" system user (PostgreSQL refuses to run as root).
set -euo pipefail

stop=0
if [ "${1:-}" = "--stop" ]; then
  stop=1
  shift
fi
dir="${1:-${VANBAN_PG_DIR:-/tmp/vanban-pg}}"

bindir() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$d/initdb" ] && { echo "$d"; return 0; }
  done
  command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return 0; }
  return 1
}

if ! bin=$(bindir); then
  if [ "$(id -u)" != "0" ]; then
    echo "start-postgres: PostgreSQL is not installed (apt-get install postgresql as root)" >&2
    exit 2
  fi
  echo "start-postgres: installing postgresql" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq --no-install-recommends postgresql >/dev/null 2>&1 || {
    apt-get update -qq && apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  }
  bin=$(bindir)
fi

as_owner() {
  if [ "$(id -u)" = "0" ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

if [ "$stop" = "1" ]; then
  [ -f "$dir/data/PG_VERSION" ] && as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  exit 0
fi

mkdir -p "$dir"
if [ "$(id -u)" = "0" ]; then
  chown postgres:postgres "$dir"
  chmod 700 "$dir"
fi

if ! as_owner test -w "$dir"; then
  echo "start-postgres: $dir is not writable by the server's user (as root: the postgres" \
    "user must be able to traverse its parent folders; use a folder directly under /tmp)" >&2
  exit 5
fi

if [ ! -f "$dir/data/PG_VERSION" ]; then
  as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
    >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 3; }
fi

if as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
  port=$(cat "$dir/port")
else
  port="${PGPORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
  echo "$port" >"$dir/port"
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c synchronous_commit=off -c max_connections=200" \
    >/dev/null || { cat "$dir/server.log" >&2; exit 4; }
fi

psql_() { as_owner "$bin/psql" -X -q -h 127.0.0.1 -p "$port" -U postgres -d postgres "$@"; }
if [ -z "$(psql_ -tAc "SELECT 1 FROM pg_roles WHERE rolname='vanban'")" ]; then
  psql_ -c "CREATE ROLE vanban LOGIN"
fi
if [ -z "$(psql_ -tAc "SELECT 1 FROM pg_database WHERE datname='vanban'")" ]; then
  psql_ -c "CREATE DATABASE vanban OWNER vanban"
fi
echo "postgresql://vanban@127.0.0.1:$port/vanban"
