#!/usr/bin/env bash
# Ensures a Pulumi CLI at least as new as the @pulumi/pulumi SDK this project pins.
# A `pulumi` on PATH that is new enough is used as is; otherwise the CLI is built from its Go module
# (github.com/pulumi/pulumi/pkg/v3, main package cmd/pulumi) into a per-user cache keyed by version.
# Prints the directory holding the `pulumi` binary on stdout (the last line); progress goes to stderr.
set -euo pipefail
want="${1:?usage: pulumi-cli.sh VERSION}"            # e.g. 3.248.0
cache="${DOCKER_POD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/docker-pod}/pulumi/v$want"

version_ge() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]; }

if command -v pulumi >/dev/null 2>&1; then
  have="$(pulumi version 2>/dev/null | sed 's/^v//')"
  if [ -n "$have" ] && version_ge "$have" "$want"; then
    echo "pulumi: using $(command -v pulumi) (v$have)" >&2
    dirname "$(command -v pulumi)"
    exit 0
  fi
fi
cached() { [ -x "$cache/bin/pulumi" ] && { echo "pulumi: cached v$want at $cache/bin" >&2; echo "$cache/bin"; }; }
cached && exit 0
# One build at a time: a second set-up running meanwhile (another checkout) waits for it.
mkdir -p "$cache"
exec 9>"$cache/.build.lock"
flock 9
cached && exit 0

command -v go >/dev/null 2>&1 || { echo "pulumi: no pulumi >= v$want on PATH and no Go toolchain to build it" >&2; exit 1; }
echo "pulumi: building v$want from its Go module (a few minutes, once)" >&2
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
cat > go.mod <<MOD
module pulumi-cli-build

go 1.24

require (
	github.com/pulumi/pulumi/pkg/v3 v$want
	github.com/pulumi/pulumi/sdk/v3 v$want
)
MOD
cat > tools.go <<'GO'
//go:build tools

package tools

import _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
GO
export GOSUMDB=off GOFLAGS=-mod=mod CGO_ENABLED=0
# pkg/v3's own go.mod carries this replace; a dependent module must repeat it.
replace_line="$(go mod download -json "github.com/pulumi/pulumi/pkg/v3@v$want" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p' \
  | xargs grep -h '^replace github.com/atotto/clipboard' || true)"
[ -n "$replace_line" ] && echo "$replace_line" >> go.mod
go mod tidy >&2
mkdir -p "$cache/bin"
go build -o "$cache/bin/pulumi.tmp" \
  -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$want" \
  github.com/pulumi/pulumi/pkg/v3/cmd/pulumi >&2
mv "$cache/bin/pulumi.tmp" "$cache/bin/pulumi"
echo "pulumi: built v$want into $cache/bin" >&2
echo "$cache/bin"
