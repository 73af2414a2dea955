#!/usr/bin/env bash
# Ensures actionlint (the GitHub Actions workflow linter) at VERSION, built once from its Go module
# (github.com/rhysd/actionlint/cmd/actionlint) into a per-user cache keyed by version.
# Never fails: prints the binary's path on stdout, or nothing when it cannot be had (then the
# workflow lint is reported as NOT RUN); progress goes to stderr.
set -uo pipefail
want="${1:?usage: actionlint.sh VERSION}"            # e.g. 1.7.12
cache="${DOCKER_POD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/docker-pod}/actionlint/v$want"

if [ -x "$cache/bin/actionlint" ]; then
  echo "actionlint: cached v$want at $cache/bin" >&2
  echo "$cache/bin/actionlint"
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  echo "actionlint: no Go toolchain to build v$want" >&2
  exit 0
fi
echo "actionlint: building v$want from its Go module" >&2
mkdir -p "$cache"
tmp="$(mktemp -d "$cache/bin.XXXXXX")"
if GOBIN="$tmp" GOSUMDB=off CGO_ENABLED=0 GOFLAGS=-mod=mod go install "github.com/rhysd/actionlint/cmd/actionlint@v$want" >&2; then
  rm -rf "$cache/bin" && mv "$tmp" "$cache/bin"
  echo "actionlint: built v$want into $cache/bin" >&2
  echo "$cache/bin/actionlint"
else
  rm -rf "$tmp"
  echo "actionlint: could not build v$want (is the Go module proxy reachable?)" >&2
fi
