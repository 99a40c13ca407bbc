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
    pnpm exec biome ci --reporter=summary *.ts *.json scripts .ci >/dev/null
    pnpm exec turbo run build lint typecheck --output-logs=errors-only
    exec pnpm exec vitest run
    ;;
  *)
    echo "usage: scripts/run.sh start|test" >&2
    exit 2
    ;;
esac
