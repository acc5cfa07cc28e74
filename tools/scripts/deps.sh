#!/usr/bin/env bash
# Sourced by start.sh and test.sh: installs the npm dependencies when they are missing or stale,
# and checks that the native modules (SQLite driver, sharp's libvips) really load on this machine.
ensure_dependencies() {
  local stamp=node_modules/.ledgerbridge-lock-hash want
  local major; major=$(node -p 'process.versions.node.split(".")[0]')
  if [ "$major" -lt 20 ]; then echo "LedgerBridge needs Node.js 20 or newer (found $(node -v))." >&2; exit 1; fi
  want=$(sha256sum package-lock.json | cut -d' ' -f1)
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "[deps] installing npm dependencies (npm ci; a few minutes on a fresh machine)..."
    npm ci --no-audit --no-fund --loglevel=error
    echo "$want" >"$stamp"
  fi
  if ! node -e "new (require('better-sqlite3'))(':memory:').close()" 2>/dev/null; then
    echo "[deps] building better-sqlite3 for this Node.js..."
    npm rebuild better-sqlite3 --loglevel=error
    node -e "new (require('better-sqlite3'))(':memory:').close()"
  fi
  # sharp ships a prebuilt libvips per platform (an optional dependency); receipts are shrunk with it.
  if ! node -e "require('sharp')" 2>/dev/null; then
    echo "[deps] installing sharp's prebuilt binary for this platform..."
    npm rebuild sharp --loglevel=error
    node -e "require('sharp')"
  fi
}
