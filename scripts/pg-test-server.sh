#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server for the integration suites and prints its URL.
#   scripts/pg-test-server.sh start DIR PORT   → prints postgres://… on stdout
#   scripts/pg-test-server.sh stop DIR
# The cluster lives in DIR/data (logs beside it), listens on 127.0.0.1 only, and trusts local connections (it holds
# nothing but test databases). As root, the server runs as the `postgres` user, as PostgreSQL requires.
set -euo pipefail
cmd=$1 dir=$2 port=${3:-54329}
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
as_pg=()
if [ "$(id -u)" -eq 0 ]; then as_pg=(runuser -u postgres --); fi

case "$cmd" in
start)
  mkdir -p "$dir"
  if [ "$(id -u)" -eq 0 ]; then chown postgres "$dir"; fi
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    "${as_pg[@]}" "$pg_bin/initdb" -D "$dir/data" -U kakehashi --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
  fi
  "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k /tmp -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
  echo "postgres://kakehashi@127.0.0.1:$port/postgres"
  ;;
stop)
  if [ -f "$dir/data/postmaster.pid" ]; then "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true; fi
  ;;
*) echo "usage: $0 start DIR [PORT] | stop DIR" >&2; exit 2 ;;
esac
