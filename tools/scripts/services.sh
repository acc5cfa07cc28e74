#!/usr/bin/env bash
# Private Redis and PostgreSQL servers on free loopback ports, for `npm start` and `npm test` when
# REDIS_URL / DATABASE_URL are not given. Each server lives in its own folder and is stopped by the same script.
#
#   services.sh redis start DIR      -> prints redis://127.0.0.1:PORT
#   services.sh redis stop DIR
#   services.sh postgres start DIR   -> prints postgres://postgres@127.0.0.1:PORT/ledgerbridge
#   services.sh postgres stop DIR
#   services.sh chromium ensure      -> prints the path of Debian's Chromium, installing it as root when missing
set -euo pipefail

say() { echo "[services] $*" >&2; }

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{process.stdout.write(String(s.address().port));s.close()})'
}

apt_install() {
  # Only root may install; everyone else is told exactly what to run.
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing Debian package(s) $* (needed once)"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"; } >/dev/null 2>&1 || {
      say "apt-get install $* failed"; exit 1; }
  else
    say "missing: $*. Install it with: sudo apt-get install -y $*"; exit 1
  fi
}

pg_bin() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  [ -n "$d" ] && [ -x "$d/initdb" ] && { echo "$d"; return; }
  apt_install postgresql >/dev/null
  d=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1); echo "$d"
}

redis_start() {
  local dir=$1 port
  command -v redis-server >/dev/null || apt_install redis-server
  mkdir -p "$dir"; dir=$(cd "$dir" && pwd)
  port=$(free_port)
  redis-server --port "$port" --bind 127.0.0.1 --dir "$dir" --daemonize yes --pidfile "$dir/redis.pid" \
    --logfile "$dir/redis.log" --save "" --appendonly no >/dev/null
  for _ in $(seq 1 50); do
    redis-cli -p "$port" ping >/dev/null 2>&1 && { echo "$port" >"$dir/port"; echo "redis://127.0.0.1:$port"; return; }
    sleep 0.1
  done
  say "redis-server did not answer on port $port; see $dir/redis.log"; exit 1
}

redis_stop() {
  local dir=$1
  [ -f "$dir/redis.pid" ] || return 0
  kill "$(cat "$dir/redis.pid")" 2>/dev/null || true
  rm -f "$dir/redis.pid"
}

as_pg() {
  # PostgreSQL refuses to run as root, so root runs it as the `postgres` system user.
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_dir() {
  # Root's folders are often closed to the `postgres` user, so as root the cluster lives in a folder of its own
  # under /tmp, and DIR only records where.
  local dir=$1
  if [ "$(id -u)" != 0 ]; then echo "$dir"; return; fi
  if [ ! -f "$dir/pgdir" ] || [ ! -d "$(cat "$dir/pgdir")" ]; then
    local d; d=$(mktemp -d /tmp/ledgerbridge-pg.XXXXXX); chown postgres "$d"; echo "$d" >"$dir/pgdir"
  fi
  cat "$dir/pgdir"
}

postgres_start() {
  local dir=$1 bin port
  bin=$(pg_bin)
  mkdir -p "$dir"; dir=$(cd "$dir" && pwd)
  dir=$(pg_dir "$dir")
  port=$(free_port)
  if [ ! -f "$dir/pgdata/PG_VERSION" ]; then
    as_pg "$bin/initdb" -D "$dir/pgdata" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || {
      say "initdb failed; see $dir/initdb.log"; exit 1; }
  fi
  # fsync off: a throw-away test cluster, where speed matters and durability does not.
  as_pg "$bin/pg_ctl" -D "$dir/pgdata" -l "$dir/postgres.log" -w -t 30 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -F -c max_connections=200" start >/dev/null || {
      say "PostgreSQL did not start; see $dir/postgres.log"; exit 1; }
  as_pg "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres ledgerbridge 2>/dev/null || true
  echo "$port" >"$dir/port"
  echo "postgres://postgres@127.0.0.1:$port/ledgerbridge"
}

postgres_stop() {
  local dir=$1 bin
  [ -d "$dir" ] || return 0
  dir=$(pg_dir "$(cd "$dir" && pwd)")
  [ -f "$dir/pgdata/postmaster.pid" ] || return 0
  bin=$(pg_bin)
  as_pg "$bin/pg_ctl" -D "$dir/pgdata" -m fast -w stop >/dev/null 2>&1 || true
  # A cluster made for root under /tmp is throw-away: remove it with the server.
  case "$dir" in /tmp/ledgerbridge-pg.*) rm -rf "$dir" ;; esac
}

chromium_ensure() {
  # For the browser tests: Debian's Chromium, never a browser download of a test tool's own.
  local bin
  bin=$(command -v chromium || command -v chromium-browser || true)
  if [ -z "$bin" ]; then apt_install chromium; bin=$(command -v chromium); fi
  echo "$bin"
}

case "${1:-} ${2:-}" in
  "chromium ensure") chromium_ensure ;;
  "redis start") redis_start "${3:?folder}" ;;
  "redis stop") redis_stop "${3:?folder}" ;;
  "postgres start") postgres_start "${3:?folder}" ;;
  "postgres stop") postgres_stop "${3:?folder}" ;;
  *) echo "usage: services.sh redis|postgres start|stop DIR, or services.sh chromium ensure" >&2; exit 2 ;;
esac
