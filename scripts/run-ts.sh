#!/usr/bin/env bash
# Runs a TypeScript entry point that drives Pulumi against the Docker engine (the example stack
# runner, the benchmarks): the idempotent set-up first, then the pinned Node from the repository
# root. Stops with the set-up's reason when the resource plugins are missing.
# Usage: bash scripts/run-ts.sh FILE.ts [ARGS...]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bash "$root/scripts/setup.sh"
# shellcheck source=/dev/null
source "$root/.cache/setup.env"
if [ -n "$DOCKER_POD_E2E_MISSING" ]; then
  echo "$(basename "$1" .ts): cannot run: $DOCKER_POD_E2E_MISSING (see the set-up messages above)" >&2
  exit 1
fi
cd "$root"
exec node -r ts-node/register/transpile-only "$@"
