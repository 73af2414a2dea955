#!/usr/bin/env bash
# Benchmark: Kubernetes' pause.c built the Kubernetes way (glibc, -Os -static, stripped)
# against ours (native/Makefile), side by side in one run. Prints figures; asserts nothing.
#   binary size          stripped file size
#   RSS while pausing    VmRSS of the program as PID 1 of a fresh PID namespace, idle
#   RSS after storm      the same, after the storms (the handler's stack pages counted)
#   reap storm           as PID 1, time from the orphan maker's exit (N orphans released)
#                        until PID 1 has no child left; median of RUNS, runs interleaved
# Needs root (unshare/nsenter), gcc with glibc's static libc, and make.
# Env: STORM (default 10000), RUNS (default 5), KUBERNETES_PAUSE_C (reference source path).
#
# The reference source is not vendored in this repository. It is looked for at
# $KUBERNETES_PAUSE_C, then .cache/bench/kubernetes-pause.c; if absent, it is downloaded
# once (pinned commit, checked by sha256) into that cache. Offline, put the file there.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
STORM=${STORM:-10000}
RUNS=${RUNS:-5}
K8S_COMMIT=0b426b0b50c2f43a0d59a6bac5f70c5424b9e25a
K8S_SHA256=834173bb908d6d56a1338d4009636d124a0bae45537ac1312e51180f236bac38
K8S_URL=https://raw.githubusercontent.com/kubernetes/kubernetes/$K8S_COMMIT/build/pause/linux/pause.c

die() { echo "bench:native: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "needs root (unshare --pid, nsenter)"
command -v unshare >/dev/null && command -v nsenter >/dev/null || die "needs util-linux unshare and nsenter"

# --- reference source ----------------------------------------------------------------
ref=${KUBERNETES_PAUSE_C:-}
if [ -z "$ref" ]; then
  ref=$root/.cache/bench/kubernetes-pause.c
  if [ ! -f "$ref" ]; then
    mkdir -p "$(dirname "$ref")"
    curl -fsSL --max-time 20 "$K8S_URL" -o "$ref.tmp" 2>/dev/null ||
      die "Kubernetes pause.c not found at $ref and not downloadable ($K8S_URL); put it there"
    mv "$ref.tmp" "$ref"
  fi
  echo "$K8S_SHA256  $ref" | sha256sum -c --quiet - || die "$ref is not pause.c at $K8S_COMMIT"
else
  [ -f "$ref" ] || die "KUBERNETES_PAUSE_C=$ref: no such file"
  echo "$K8S_SHA256  $ref" | sha256sum -c --quiet - 2>/dev/null ||
    echo "note: $ref differs from pause.c at $K8S_COMMIT" >&2
fi

# --- builds --------------------------------------------------------------------------
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

k8s=$work/k8s-pause
gcc -Os -Wall -Werror -static -DVERSION=bench -o "$k8s" "$ref" && strip "$k8s" ||
  die "building the reference needs gcc and glibc's static libc (Debian: libc6-dev)"
make -s -C "$root/native" build/pause build/orphan >/dev/null
ours=$root/native/build/pause
orphan=$root/native/build/orphan
ours_cc=$(cut -d' ' -f1 "$root/native/build/.flags")

# --- helpers -------------------------------------------------------------------------
# start BIN: run BIN as PID 1 of a fresh PID namespace; sets $unshare_pid and $pid1
# (PID 1 as seen from here).
start() {
  unshare --pid --fork --mount-proc "$1" 2>/dev/null &
  unshare_pid=$!
  pids+=("$unshare_pid")
  pid1=
  for _ in $(seq 200); do
    read -r pid1 _ < "/proc/$unshare_pid/task/$unshare_pid/children" 2>/dev/null || true
    [ -n "$pid1" ] && [ "$(readlink "/proc/$pid1/exe")" = "$(readlink -f "$1")" ] && break
    pid1=; sleep 0.01
  done
  [ -n "$pid1" ] || die "could not start $1 under unshare"
  sleep 0.2 # let it settle into pause()
}
stop() {
  kill -TERM "$pid1"
  wait "$unshare_pid" || die "PID 1 did not exit 0 on SIGTERM"
}
rss() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status"; }

# storm [-z]: release $STORM orphans into the namespace of $pid1 (-z: as zombies); prints
# milliseconds from the orphan maker's exit until PID 1 has reaped them all (its children
# list is empty again).
storm() {
  local t0 t1 c
  t0=$(nsenter -t "$pid1" -p "$orphan" -t "$@" "$STORM")
  while IFS= read -r -n1 c < "/proc/$pid1/task/$pid1/children" && [ -n "$c" ]; do :; done
  t1=$EPOCHREALTIME
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f\n", (b - a) * 1000 }'
}
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# --- measure (one namespace per program, storms interleaved) ------------------------
start "$k8s";  k_pid=$pid1; k_unshare=$unshare_pid; k_rss=$(rss "$k_pid")
start "$ours"; o_pid=$pid1; o_unshare=$unshare_pid; o_rss=$(rss "$o_pid")
declare -A times
for run in $(seq "$RUNS"); do
  if (( run % 2 )); then order="k o"; else order="o k"; fi
  for mode in exit zombie; do
    for who in $order; do
      if [ "$who" = k ]; then pid1=$k_pid; else pid1=$o_pid; fi
      if [ $mode = zombie ]; then t=$(storm -z); else t=$(storm); fi
      times[$who.$mode]+="$t "
    done
  done
done
k_rss2=$(rss "$k_pid"); o_rss2=$(rss "$o_pid")
pid1=$k_pid unshare_pid=$k_unshare; stop
pid1=$o_pid unshare_pid=$o_unshare; stop
pids=()
med() { printf '%s\n' ${times[$1]} | median; }

# --- report --------------------------------------------------------------------------
echo "pause benchmark on $(uname -m), kernel $(uname -r), $(nproc) CPU(s)"
echo "  kubernetes: pause.c@${K8S_COMMIT:0:12}, gcc (glibc) -Os -static, strip"
echo "  ours:       native/pause.c, $(basename "$ours_cc") via native/Makefile"
printf '%-34s %12s %12s\n' "" "kubernetes" "docker-pod"
printf '%-34s %12s %12s\n' "binary size (bytes)" "$(stat -c %s "$k8s")" "$(stat -c %s "$ours")"
printf '%-34s %12s %12s\n' "RSS while pausing (KB)" "$k_rss" "$o_rss"
printf '%-34s %12s %12s\n' "RSS after the storms (KB)" "$k_rss2" "$o_rss2"
printf '%-34s %12s %12s\n' "reap $STORM orphans exiting together" "$(med k.exit)" "$(med o.exit)"
printf '%-34s %12s %12s\n' "reap $STORM zombies handed over" "$(med k.zombie)" "$(med o.zombie)"
echo "(reap times: median ms of $RUNS interleaved runs, from the orphan maker's exit until PID 1 has no child)"
for k in k.exit o.exit k.zombie o.zombie; do echo "  runs $k: ${times[$k]}"; done
