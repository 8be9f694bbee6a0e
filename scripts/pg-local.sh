#!/usr/bin/env bash
# A throwaway PostgreSQL 15 for benchmarks and trying workers by hand, started the way the test
# harness starts one: initdb into a new temporary directory, the server on 127.0.0.1 only, fsync
# on, trust authentication for the local superuser. PostgreSQL refuses to run as root: as root
# the script runs it as the user postgres (runuser) or, without that user, in a user namespace.
#   scripts/pg-local.sh start [PORT]   prints the data directory and a JDBC URL (database weft)
#   scripts/pg-local.sh stop DIR       stops the server of DIR and deletes DIR
set -euo pipefail
bin="${PG_BIN:-/usr/lib/postgresql/15/bin}"
as=()
if [[ "$(id -u)" == 0 ]]; then
  if id postgres >/dev/null 2>&1; then as=(runuser -u postgres --); else
    as=(unshare -U --map-user=1 --map-group=1); fi
fi
case "${1:-}" in
  start)
    port="${2:-54329}"
    dir="$(mktemp -d "${TMPDIR:-/tmp}/weft-pg.XXXXXX")"
    mkdir -p "$dir/sock"
    if [[ "${as[0]:-}" == runuser ]]; then chown -R postgres "$dir"; fi
    "${as[@]}" "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C \
      --no-sync >"$dir/initdb.out" 2>&1
    "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-k $dir/sock -c listen_addresses=127.0.0.1 -p $port -c fsync=on" start \
      >"$dir/start.out" 2>&1
    "${as[@]}" "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -q \
      -c "CREATE DATABASE weft" >/dev/null
    echo "dir=$dir"
    echo "url=jdbc:postgresql://127.0.0.1:$port/weft?user=postgres"
    ;;
  stop)
    dir="${2:?usage: scripts/pg-local.sh stop DIR}"
    "${as[@]}" "$bin/pg_ctl" -D "$dir/data" stop -m fast -w -t 30 >/dev/null
    rm -rf "$dir"
    ;;
  *)
    echo "usage: scripts/pg-local.sh start [PORT] | stop DIR" >&2
    exit 2
    ;;
esac
