#!/usr/bin/env bash
# npm run bench:pod: time from nothing to serving: the Pod component vs the same resources by hand vs the docker CLI,
# side by side in one run (scripts/bench/pod.ts). Env: RUNS (7).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
bash "$root/scripts/setup.sh"
# shellcheck source=/dev/null
source "$root/.cache/setup.env"
if [ -n "$DOCKER_POD_E2E_MISSING" ]; then
  echo "bench:pod cannot run: $DOCKER_POD_E2E_MISSING" >&2
  exit 1
fi
cd "$root"
exec node -r ts-node/register/transpile-only scripts/bench/pod.ts
