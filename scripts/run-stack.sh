#!/usr/bin/env bash
# npm run up | preview | down: set-up (idempotent), then the example stack through scripts/stack.ts.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bash "$root/scripts/setup.sh"
# shellcheck source=/dev/null
source "$root/.cache/setup.env"
if [ -n "$DOCKER_POD_E2E_MISSING" ]; then
  echo "cannot run the stack: $DOCKER_POD_E2E_MISSING (see the messages above)" >&2
  exit 1
fi
cd "$root"
exec node -r ts-node/register/transpile-only scripts/stack.ts "$@"
