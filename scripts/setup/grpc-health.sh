#!/usr/bin/env bash
# Ensures grpc-health (tests/fixtures/grpc-health): a gRPC server offering grpc-go's own
# grpc.health.v1.Health, the real peer of the grpc probe's native and end-to-end tests. Built
# static (CGO_ENABLED=0) from its Go module (google.golang.org/grpc, pinned by go.mod and go.sum)
# into a per-user cache keyed by the hash of its sources (≈ 1 min cold, once). Never fails: prints
# the binary's path on stdout (the last line), or nothing when it cannot be built (no Go
# toolchain, modules not reachable); progress goes to stderr.
set -uo pipefail
src="$(cd "$(dirname "$0")/../../tests/fixtures/grpc-health" && pwd)"
key="$(cat "$src/main.go" "$src/go.mod" "$src/go.sum" | sha256sum | cut -c1-12)"
cache="${DOCKER_POD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/docker-pod}/grpc-health/$key"

if [ -x "$cache/grpc-health" ]; then
  echo "grpc-health: cached $cache/grpc-health" >&2
  echo "$cache/grpc-health"
  exit 0
fi
command -v go >/dev/null 2>&1 || { echo "grpc-health: no Go toolchain to build it" >&2; exit 0; }
echo "grpc-health: building tests/fixtures/grpc-health (google.golang.org/grpc; ≈ 1 min, once)" >&2
mkdir -p "$cache"
if ( cd "$src" && GOSUMDB=off GOFLAGS="-mod=readonly -buildvcs=false" CGO_ENABLED=0 \
     go build -trimpath -ldflags "-s -w" -o "$cache/grpc-health.tmp" . ) >"$cache/build.log" 2>&1; then
  mv "$cache/grpc-health.tmp" "$cache/grpc-health"
  rm -f "$cache/build.log"
  echo "grpc-health: built $cache/grpc-health" >&2
  echo "$cache/grpc-health"
else
  echo "grpc-health: could not build it (see $cache/build.log)" >&2
  tail -n 5 "$cache/build.log" >&2
fi
