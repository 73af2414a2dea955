#!/usr/bin/env bash
# npm run bench:heal: recovery after kill -9 of pause, Docker restart policies alone vs the podlet,
# side by side in one run (scripts/bench/heal.ts). Env: KILLS (50), GAP_MS (2000), TIMEOUT_MS (15000).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
bash "$root/scripts/setup.sh"
# shellcheck source=/dev/null
source "$root/.cache/setup.env"
if [ -n "$DOCKER_POD_E2E_MISSING" ]; then
  echo "bench:heal cannot run: $DOCKER_POD_E2E_MISSING" >&2
  exit 1
fi
cd "$root"
exec node -r ts-node/register/transpile-only scripts/bench/heal.ts
