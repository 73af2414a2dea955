#!/usr/bin/env bash
# Ensures pulumi-gen-python-sdk (scripts/gen/python-sdk/main.go): Pulumi's Python SDK generator
# (github.com/pulumi/pulumi/pkg/v3/codegen/python) at the version of the pinned Pulumi SDK, built
# into a per-user cache keyed by that version and the program's hash. The Pulumi CLI's own
# `pulumi package gen-sdk --language python` needs the Python language host, which no registry
# reachable here serves. Never fails: prints the binary's path on stdout (the last line), or
# nothing when it cannot be built (no Go toolchain, module not reachable); progress goes to stderr.
set -uo pipefail
want="${1:?usage: python-sdk-generator.sh VERSION}"   # e.g. 3.248.0
src="$(cd "$(dirname "$0")/../gen/python-sdk" && pwd)/main.go"
key="v$want-$(sha256sum "$src" | cut -c1-12)"
cache="${DOCKER_POD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/docker-pod}/pulumi-gen-python-sdk/$key"

if [ -x "$cache/pulumi-gen-python-sdk" ]; then
  echo "python-sdk-generator: cached $cache" >&2
  echo "$cache/pulumi-gen-python-sdk"
  exit 0
fi
command -v go >/dev/null 2>&1 || { echo "python-sdk-generator: no Go toolchain to build it" >&2; exit 0; }
echo "python-sdk-generator: building from github.com/pulumi/pulumi/pkg/v3 v$want (once)" >&2
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$src" "$work/main.go"
cat >"$work/go.mod" <<MOD
module pulumi-gen-python-sdk

go 1.24

require (
	github.com/pulumi/pulumi/pkg/v3 v$want
	github.com/pulumi/pulumi/sdk/v3 v$want
)
MOD
export GOSUMDB=off GOFLAGS=-mod=mod CGO_ENABLED=0
mkdir -p "$cache"
if ( cd "$work"
     # pkg/v3's own go.mod carries this replace; a dependent module must repeat it.
     replace_line="$(go mod download -json "github.com/pulumi/pulumi/pkg/v3@v$want" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p' \
       | xargs grep -h '^replace github.com/atotto/clipboard' || true)"
     [ -n "$replace_line" ] && echo "$replace_line" >>go.mod
     go mod tidy && go build -o "$cache/pulumi-gen-python-sdk.tmp" -ldflags "-s -w" . ) >"$cache/build.log" 2>&1; then
  mv "$cache/pulumi-gen-python-sdk.tmp" "$cache/pulumi-gen-python-sdk"
  rm -f "$cache/build.log"
  echo "python-sdk-generator: built $cache/pulumi-gen-python-sdk" >&2
  echo "$cache/pulumi-gen-python-sdk"
else
  echo "python-sdk-generator: could not build it (see $cache/build.log)" >&2
  tail -n 5 "$cache/build.log" >&2
fi
