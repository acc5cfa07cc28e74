#!/usr/bin/env bash
# `npm test`: every test. Lint (with module boundaries), type checks and unit tests; the database integration
# tests and the API end-to-end suite, each once on SQLite and once on PostgreSQL, against a real Redis.
# Private Redis and PostgreSQL servers are started (and stopped) unless REDIS_URL / DATABASE_URL are set.
set -euo pipefail
cd "$(dirname "$0")/../.."
source tools/scripts/deps.sh
ensure_dependencies

# UTC, as the host itself runs (see apps/api/src/main.ts).
export NX_TUI=false NX_DAEMON=false NX_NO_CLOUD=true FORCE_COLOR=0 TZ=UTC
work=$(mktemp -d /tmp/ledgerbridge-test.XXXXXX)
log="$work/test.log"
cleanup() {
  [ -n "${own_redis:-}" ] && bash tools/scripts/services.sh redis stop "$work/redis"
  [ -n "${own_pg:-}" ] && bash tools/scripts/services.sh postgres stop "$work/postgres"
  rm -rf "$work"
}
trap cleanup EXIT

if [ -z "${REDIS_URL:-}" ]; then REDIS_URL=$(bash tools/scripts/services.sh redis start "$work/redis"); own_redis=1; fi
if [ -z "${DATABASE_URL:-}" ]; then PG_URL=$(bash tools/scripts/services.sh postgres start "$work/postgres"); own_pg=1; else PG_URL=$DATABASE_URL; fi
# The sandbox's web page is tested in a real headless Chromium.
CHROMIUM_PATH=${CHROMIUM_PATH:-$(bash tools/scripts/services.sh chromium ensure)}
export REDIS_URL CHROMIUM_PATH
unset DATABASE_URL

status=0
failed_steps=()
step() {
  local title=$1; shift
  echo; echo "==== $title ===="
  # Output goes to the terminal and to the log that the summary below is counted from.
  "$@" 2>&1 | tee -a "$log" || { status=1; failed_steps+=("$title"); }
}

# Each project's lint depends on its format-check; this covers the files outside projects (README, docs, scripts).
step "formatting of workspace files" npm run --silent format:check
step "lint, type checks and unit tests" npx nx run-many -t lint typecheck test --parallel=2 --outputStyle=stream
step "database integration tests on SQLite" npx nx run-many -t int-test --parallel=1 --outputStyle=stream
step "database integration tests on PostgreSQL" env DATABASE_URL="$PG_URL" npx nx run-many -t int-test --parallel=1 --outputStyle=stream
step "API end-to-end tests on SQLite" npx nx run api-e2e:e2e --outputStyle=stream
step "API end-to-end tests on PostgreSQL" env DATABASE_URL="$PG_URL" npx nx run api-e2e:e2e --outputStyle=stream

# One closing line over every jest run above ("Tests: 1 failed, 24 passed, 25 total").
read -r passed failed < <(sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -aE '^\s*(\S+\s+)?Tests:' | awk '
  { for (i = 1; i <= NF; i++) { if ($(i) ~ /^passed/) p += $(i-1); if ($(i) ~ /^failed/) f += $(i-1) } }
  END { print p + 0, f + 0 }')
# A long run's end is what a CI page keeps: name what failed there, with each failing test's first lines.
if [ ${#failed_steps[@]} -gt 0 ]; then
  echo
  printf 'failed: %s\n' "${failed_steps[@]}"
  sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -a -A8 -E '● ' | head -120 || true
fi
echo
echo "tests: $passed passed, $failed failed"
[ "$passed" -gt 0 ] || status=1
[ "$failed" -eq 0 ] || status=1
exit $status
