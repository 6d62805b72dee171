#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster on 127.0.0.1:55432 for the coordinator's tests and
# prints `export KONGTUN_TEST_PG_URL=...` (use: eval "$(bash scripts/start-postgres.sh)").
# Runs the server as the `postgres` user when started as root (initdb refuses root).
# Debian's server binaries live in /usr/lib/postgresql/<version>/bin. Safe to run again.
set -eu
port="${KONGTUN_PG_PORT:-55432}"
bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
[ -n "$bindir" ] || bindir="$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/x)")"
[ -x "$bindir/initdb" ] || { echo "start-postgres: PostgreSQL server binaries not found" >&2; exit 1; }
run() { if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
url="postgresql://kongtun@127.0.0.1:$port/kongtun_test"
if run "'$bindir/pg_isready' -q -h 127.0.0.1 -p $port" 2>/dev/null; then
  echo "export KONGTUN_TEST_PG_URL=$url"; exit 0
fi
data="$(mktemp -d /tmp/kongtun-pg.XXXXXX)"
[ "$(id -u)" -eq 0 ] && chown postgres "$data"
run "'$bindir/initdb' -D '$data/db' -U postgres -A trust --no-sync -E UTF8 --locale=C.UTF-8" >/dev/null
run "'$bindir/pg_ctl' -D '$data/db' -l '$data/log' -w -o \"-c listen_addresses=127.0.0.1 -p $port -k '$data' -c fsync=off\" start" >/dev/null
run "'$bindir/psql' -q -h 127.0.0.1 -p $port -U postgres -c 'CREATE ROLE kongtun LOGIN SUPERUSER'" >/dev/null
run "'$bindir/psql' -q -h 127.0.0.1 -p $port -U postgres -c 'CREATE DATABASE kongtun_test OWNER kongtun'" >/dev/null
echo "export KONGTUN_TEST_PG_URL=$url"
