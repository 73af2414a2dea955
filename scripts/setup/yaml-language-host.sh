#!/usr/bin/env bash
# Ensures the Pulumi YAML language host (pulumi-language-yaml), which runs `runtime: yaml` programs
# with a plain `pulumi up`. A new enough one on PATH is used as is; otherwise it is built from its Go
# module (github.com/pulumi/pulumi-yaml, cmd/pulumi-language-yaml) into a per-user cache keyed by
# version. Never fails: prints the directory holding the binary on stdout (the last line), or
# nothing when it cannot be had (no Go toolchain, module not reachable); progress goes to stderr.
set -uo pipefail
want="${1:?usage: yaml-language-host.sh VERSION}"   # e.g. 1.25.0
cache="${DOCKER_POD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/docker-pod}/pulumi-language-yaml/v$want"

if [ -x "$cache/bin/pulumi-language-yaml" ]; then
  echo "yaml: cached pulumi-language-yaml v$want at $cache/bin" >&2
  echo "$cache/bin"
  exit 0
fi
command -v go >/dev/null 2>&1 || { echo "yaml: no Go toolchain to build pulumi-language-yaml v$want" >&2; exit 0; }
echo "yaml: building pulumi-language-yaml v$want from its Go module (≈ 40 s, once)" >&2
mkdir -p "$cache"
if GOSUMDB=off CGO_ENABLED=0 GOBIN="$cache/bin.tmp" \
    go install "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml@v$want" >"$cache/build.log" 2>&1; then
  rm -rf "$cache/bin" && mv "$cache/bin.tmp" "$cache/bin" && rm -f "$cache/build.log"
  echo "yaml: built pulumi-language-yaml v$want into $cache/bin" >&2
  echo "$cache/bin"
else
  echo "yaml: could not build pulumi-language-yaml v$want (see $cache/build.log)" >&2
  tail -n 5 "$cache/build.log" >&2
  rm -rf "$cache/bin.tmp"
fi
