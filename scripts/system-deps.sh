#!/usr/bin/env bash
# Debian packages the test suite needs. Installs only what is missing (needs root, as on CI).
set -euo pipefail
needed=()
# command -> Debian package
declare -A packages=(
  [curl]=curl             # interop tests use a real curl client
  [redis-server]=redis-server  # the Redis event store's tests start a real server
  [chromium]=chromium     # browser tests (playwright-core drives Debian's build)
  [wrk]=wrk               # load generator for pnpm bench
)
for cmd in "${!packages[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || needed+=("${packages[$cmd]}")
done
# AWS CLI v2 for the Lambda Invoke API tests. Checked by path, not `command -v aws`: a pip
# AWS CLI v1 may come first on PATH, and the tests call Debian's /usr/bin/aws explicitly.
[ -x /usr/bin/aws ] || needed+=(awscli)
[ ${#needed[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "sluice: missing system packages: ${needed[*]} (install them with apt-get as root)" >&2
  exit 1
fi
echo "sluice: apt-get install ${needed[*]}" >&2
apt-get update -qq >&2
apt-get install -y -qq --no-install-recommends "${needed[@]}" >&2
