#!/usr/bin/env bash
# npm run docker-pod -- ARGS: the docker-pod command line from source (no build needed), run in the
# directory npm was started from, after the same idempotent set-up as `npm run up` (its output is
# shown only when it fails, or on the first run). `npm run build` makes the published `docker-pod`
# (dist/cli/docker-pod.js) instead.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
if [ -f "$root/.cache/setup.env" ]; then
  if ! out="$(bash "$root/scripts/setup.sh" 2>&1)"; then
    printf '%s\n' "$out" >&2
    echo "docker-pod: set-up failed (see above)" >&2
    exit 1
  fi
else
  bash "$root/scripts/setup.sh" >&2 || { echo "docker-pod: set-up failed (see above)" >&2; exit 1; }
fi
# shellcheck source=/dev/null
source "$root/.cache/setup.env"
# The command: the first word after the engine flags docker's way (`-H HOST get pods`).
command=""
skip=0
for arg in "$@"; do
  if [ "$skip" = 1 ]; then skip=0; continue; fi
  case "$arg" in
    -H|--host|--context) skip=1 ;;
    -*) ;;
    *) command="$arg"; break ;;
  esac
done
# Only play, preview and generate run stacks: `review` reads a preview, the ops commands talk to
# Docker alone; they need no plugins.
if [ -n "$DOCKER_POD_E2E_MISSING" ] && case "$command" in play|preview|generate) true ;; *) false ;; esac; then
  echo "docker-pod: cannot run stacks: $DOCKER_POD_E2E_MISSING (run npm run setup to see why)" >&2
  exit 1
fi
cd "${INIT_CWD:-$PWD}"
TS_NODE_PROJECT="$root/tsconfig.json" exec node -r "$root/node_modules/ts-node/register/transpile-only" "$root/cli/docker-pod.ts" "$@"
