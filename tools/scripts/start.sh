#!/usr/bin/env bash
# `npm start`: installs what is missing, then runs the whole thing on this machine — a private Redis (unless
# REDIS_URL is set), the local Dinero sandbox, and the LedgerBridge host serving HTTP and running the workers
# (ROLE=all) on the embedded SQLite file in DATA_DIR — with a demo company. Ctrl-C stops all of it.
set -euo pipefail
cd "$(dirname "$0")/../.."
source tools/scripts/deps.sh
source tools/scripts/start-banner.sh
ensure_dependencies

export DATA_DIR=${DATA_DIR:-./data}
export PORT=${PORT:-3000}
export SANDBOX_PORT=${SANDBOX_PORT:-3100}
export SWC_NODE_PROJECT=tsconfig.base.json
mkdir -p "$DATA_DIR"

pids=()
stop_all() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ -n "${own_redis:-}" ] && bash tools/scripts/services.sh redis stop "$DATA_DIR/redis"
  exit 0
}
trap stop_all EXIT INT TERM

if [ -z "${REDIS_URL:-}" ]; then
  REDIS_URL=$(bash tools/scripts/services.sh redis start "$DATA_DIR/redis"); own_redis=1
  echo "[start] private Redis at $REDIS_URL (files in $DATA_DIR/redis)"
fi
export REDIS_URL

if [ -f apps/dinero-sandbox/src/main.ts ]; then
  node -r @swc-node/register apps/dinero-sandbox/src/main.ts &
  pids+=($!)
  # The plugin talks to whatever these name; under npm start that is the local sandbox, not the real Dinero.
  export DINERO_API_URL=${DINERO_API_URL:-http://127.0.0.1:$SANDBOX_PORT}
  export DINERO_TOKEN_URL=${DINERO_TOKEN_URL:-http://127.0.0.1:$SANDBOX_PORT/dineroapi/oauth/token}
  export VISMA_CONNECT_URL=${VISMA_CONNECT_URL:-http://127.0.0.1:$SANDBOX_PORT}
  # The sandbox's seeded partner integration (see apps/dinero-sandbox/README.md).
  export DINERO_CLIENT_ID=${DINERO_CLIENT_ID:-sandbox-client}
  export DINERO_CLIENT_SECRET=${DINERO_CLIENT_SECRET:-sandbox-secret}
  # The demo company connects to the sandbox's seeded paid organization with its API key.
  export DEMO_CONNECTION=${DEMO_CONNECTION:-dinero:100001}
  export DEMO_CREDENTIALS=${DEMO_CREDENTIALS:-'{"apiKey":"sandbox-api-key-pro"}'}
  for _ in $(seq 1 60); do
    curl -fs -o /dev/null "http://127.0.0.1:$SANDBOX_PORT/_sandbox/state" 2>/dev/null && break
    sleep 0.5
  done
  echo "[start] Dinero sandbox on http://127.0.0.1:$SANDBOX_PORT (page of the demo organization: /_sandbox/organizations/100001/page)"
fi

SEED_DEMO=${SEED_DEMO:-true} ROLE=${ROLE:-all} node -r @swc-node/register apps/api/src/main.ts &
host=$!
pids+=($host)

for _ in $(seq 1 120); do
  if curl -fs -o /dev/null "http://127.0.0.1:$PORT/health/ready" 2>/dev/null; then
    print_ready_banner
    break
  fi
  kill -0 "$host" 2>/dev/null || { echo "[start] the host exited; see the messages above." >&2; exit 1; }
  sleep 1
done
wait "$host"
