#!/usr/bin/env bash
# Starts the local Dinero sandbox alone (npm run sandbox); settings are SANDBOX_* environment variables, see
# apps/dinero-sandbox/README.md. SANDBOX_PORT defaults to 3100.
set -euo pipefail
cd "$(dirname "$0")/../.."
export SWC_NODE_PROJECT=tsconfig.base.json
exec node -r @swc-node/register apps/dinero-sandbox/src/main.ts
