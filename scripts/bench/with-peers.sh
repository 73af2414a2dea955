#!/usr/bin/env bash
# Runs a benchmark that compares docker-pod with Podman: the peers' set-up (setup-peers.sh), the
# build of the docker-pod command line it runs (dist/, `npm run build`), then the benchmark.
# Usage: bash scripts/bench/with-peers.sh scripts/bench/FILE.ts
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
bash "$root/scripts/setup.sh" >/dev/null
bash "$root/scripts/bench/setup-peers.sh"
# shellcheck source=/dev/null
source "$root/.cache/setup.env"
(cd "$root" && npm run -s build >/dev/null)
exec bash "$root/scripts/run-ts.sh" "$@"
