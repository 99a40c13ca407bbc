#!/usr/bin/env bash
# Puts a project-local Node 24 and pnpm (from the npm registry) first on PATH.
# Sourced by scripts/run.sh; installs into .tools/ once, then only checks.
set -euo pipefail
SLUICE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$SLUICE_ROOT/.tools"
NODE_VERSION="$(tr -d '[:space:]' < "$SLUICE_ROOT/.node-version")"
PNPM_VERSION="12.21.0"

tools_ready() {
  [ -x "$TOOLS/node_modules/.bin/node" ] && [ -x "$TOOLS/node_modules/.bin/pnpm" ] &&
    [ "$("$TOOLS/node_modules/.bin/node" --version)" = "v$NODE_VERSION" ] &&
    [ "$("$TOOLS/node_modules/.bin/pnpm" --version)" = "$PNPM_VERSION" ]
}

if ! tools_ready; then
  echo "sluice: installing Node $NODE_VERSION and pnpm $PNPM_VERSION into .tools/ (once)" >&2
  mkdir -p "$TOOLS"
  [ -f "$TOOLS/package.json" ] || echo '{"private":true}' > "$TOOLS/package.json"
  # corepack fails signature checks here, so both come from the npm registry.
  npm install --prefix "$TOOLS" --no-audit --no-fund --loglevel=error \
    "node@$NODE_VERSION" "pnpm@$PNPM_VERSION" >&2
  tools_ready || { echo "sluice: toolchain install failed" >&2; exit 1; }
fi

export PATH="$TOOLS/node_modules/.bin:$PATH"
export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1 WRANGLER_SEND_METRICS=false
