#!/usr/bin/env bash
# Ensures a kube-apiserver binary of KUBE_VERSION for the cluster test tier. Built once from the Go
# module k8s.io/kubernetes (main package cmd/kube-apiserver) into a per-user cache keyed by version,
# through a throwaway wrapper module that pins every k8s.io staging module to the matching v0.x.y
# (k8s.io/kubernetes' own go.mod replaces them with ./staging paths, which a dependent module cannot
# use). Prints the binary's path on stdout (the last line); progress goes to stderr. Exits non-zero
# with a reason when it cannot be built (no Go, module proxy unreachable).
set -euo pipefail
want="${1:?usage: kube-apiserver.sh VERSION}"          # e.g. 1.31.4
cache="${DOCKER_POD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/docker-pod}/kube-apiserver/v$want"
# A cached binary counts only when it says it is v$want (a build without the version stamped in
# says v0.0.0-master, and /version would too).
cached() {
  [ -x "$cache/kube-apiserver" ] && [ "$("$cache/kube-apiserver" --version 2>/dev/null)" = "Kubernetes v$want" ] || return 1
  echo "kube-apiserver: cached v$want at $cache" >&2
  echo "$cache/kube-apiserver"
}
cached && exit 0
# One build at a time: a second set-up running meanwhile (another checkout) waits for it.
mkdir -p "$cache"
exec 9>"$cache/.build.lock"
flock 9
cached && exit 0
command -v go >/dev/null 2>&1 || { echo "kube-apiserver: no Go toolchain to build v$want" >&2; exit 1; }
echo "kube-apiserver: building v$want from its Go module (a few minutes, once)" >&2
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
export GOSUMDB=off GOFLAGS=-mod=mod CGO_ENABLED=0
staging="0.${want#1.}"                                  # 1.31.4 → 0.31.4
gomod="$(go mod download -json "k8s.io/kubernetes@v$want" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')"
{
  echo "module kube-apiserver-build"
  echo
  echo "go 1.22"
  echo
  echo "require k8s.io/kubernetes v$want"
  echo
  echo "replace ("
  # every `k8s.io/NAME => ./staging/src/k8s.io/NAME` line of k8s.io/kubernetes' go.mod
  sed -n 's#^\s*\(k8s.io/[a-z0-9-]*\) => ./staging/src/.*#\t\1 => \1 v'"$staging"'#p' "$gomod"
  echo ")"
} > go.mod
cat > tools.go <<'GO'
//go:build tools

package tools

import _ "k8s.io/kubernetes/cmd/kube-apiserver"
GO
go mod tidy >&2
mkdir -p "$cache"
# The version stamped in as Kubernetes' own build does (hack/lib/version.sh): `--version` and the
# server's /version report v$want.
major="${want%%.*}" minor="${want#*.}" minor="${minor%%.*}"
stamp=""
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  stamp="$stamp -X $pkg.gitVersion=v$want -X $pkg.gitMajor=$major -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean"
done
go build -o "$cache/kube-apiserver.tmp" -ldflags "-s -w$stamp" k8s.io/kubernetes/cmd/kube-apiserver >&2
mv "$cache/kube-apiserver.tmp" "$cache/kube-apiserver"
echo "kube-apiserver: built v$want into $cache" >&2
echo "$cache/kube-apiserver"
