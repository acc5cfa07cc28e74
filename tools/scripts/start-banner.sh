#!/usr/bin/env bash
# The lines `npm start` prints once the host is ready (sourced by start.sh; tested by apps/api-e2e's start-banner spec).
# It never prints a key the operator set: ADMIN_API_KEY is only ever tested for being set, never expanded.
print_ready_banner() {
  local admin_key_line
  if [ -n "${ADMIN_API_KEY:-}" ]; then
    admin_key_line='the ADMIN_API_KEY you set'
  else
    admin_key_line='printed above on the first start with a fresh DATA_DIR (set ADMIN_API_KEY to choose one)'
  fi
  cat <<TXT

  LedgerBridge is running.
    Swagger UI:  http://localhost:$PORT/docs   (OpenAPI JSON at /docs-json)
    Health:      http://localhost:$PORT/health/ready
    Admin key:   $admin_key_line
    Data:        $DATA_DIR
  Ctrl-C stops everything.

TXT
}
