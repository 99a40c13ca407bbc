#!/usr/bin/env bash
# Entry point behind the README's commands: `npm start` and `npm test`.
# Works on a machine that has only Node 20 and npm: it bootstraps the rest.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/toolchain.sh

install_workspace() {
  bash scripts/system-deps.sh
  # Frozen: CI and newcomers install exactly the committed lockfile.
  pnpm install --frozen-lockfile --reporter=silent
}

case "${1:-}" in
  start)
    install_workspace
    pnpm exec turbo run build --filter=@sluice/demo... --output-logs=errors-only
    exec node apps/demo/dist/node.js
    ;;
  test)
    install_workspace
    rm -f .artifacts/vitest.json
    pnpm exec biome ci --no-errors-on-unmatched *.ts *.json scripts .ci
    pnpm exec turbo run build lint typecheck --output-logs=errors-only
    status=0
    pnpm exec vitest run --reporter=default --reporter=json \
      --outputFile.json=.artifacts/vitest.json || status=$?
    [ -f .artifacts/vitest.json ] && node scripts/test-summary.mjs .artifacts/vitest.json
    exit "$status"
    ;;
  *)
    echo "usage: scripts/run.sh start|test" >&2
    exit 2
    ;;
esac
