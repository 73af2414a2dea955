#!/usr/bin/env bash
# npm run fuzz [SECONDS_PER_HARNESS [MAX_EXECUTIONS]]: the libFuzzer harnesses of native/fuzz/ (one
# per hand-written parser: http, chunked, lines, json, probe, grpc, route), built with clang
# -fsanitize=fuzzer,address,undefined (set-up installs Debian's clang and libFuzzer when missing),
# run one after another: each for SECONDS (default 60), or until MAX_EXECUTIONS when given and
# reached first. Each starts from the committed seeds (native/fuzz/corpus/NAME/: real Docker API,
# nginx and grpc-go health answers recorded here, and every crash found so far) plus what earlier
# runs added (.cache/fuzz/corpus/NAME/). Prints per harness: executions, executions/s, coverage (cov: edges,
# ft: features), corpus size, crashes (saved to .cache/fuzz/crashes/NAME/); exits 1 on any crash.
# FUZZ_HARNESSES="route json" runs only those harnesses.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
seconds="${1:-60}" max_runs="${2:-0}"
[[ "$seconds" =~ ^[1-9][0-9]*$ && "$max_runs" =~ ^[0-9]+$ ]] || {
  echo "usage: npm run fuzz [SECONDS_PER_HARNESS [MAX_EXECUTIONS]]" >&2
  exit 64
}
clang="$(bash scripts/setup/fuzz.sh | tail -n1)" && [ -n "$clang" ] || { echo "fuzz: no clang/libFuzzer (see above)" >&2; exit 1; }
make -s -C native fuzz FUZZ_CC="$clang" || { echo "fuzz: building the harnesses failed" >&2; exit 1; }

# Inputs up to 1 KB: enough for every structure the parsers know (the longer seeds are read
# truncated, a case of its own), and fast enough for millions of executions on a shared machine.
max_len=1024
work=.cache/fuzz
crashed=0
rows=()
for h in ${FUZZ_HARNESSES:-http chunked probe grpc lines json route}; do
  mkdir -p "$work/corpus/$h" "$work/crashes/$h"
  rm -f "$work/crashes/$h"/*
  log="$work/$h.log"
  runs=()
  [ "$max_runs" -eq 0 ] || runs=(-runs="$max_runs")
  echo "fuzz: $h for ${seconds} s${runs:+ (at most $max_runs executions)}" >&2
  native/build-fuzz/$h "$work/corpus/$h" "native/fuzz/corpus/$h" -max_total_time="$seconds" "${runs[@]}" \
    -max_len="$max_len" -print_final_stats=1 -artifact_prefix="$work/crashes/$h/" >"$log" 2>&1
  rc=$?
  execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1)"
  rate="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n1)"
  last="$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -n1)"
  cov="$(sed -n 's/.*cov: \([0-9]*\).*/\1/p' <<<"$last")"
  ft="$(sed -n 's/.*ft: \([0-9]*\).*/\1/p' <<<"$last")"
  corp="$(sed -n 's/.*corp: \([0-9]*\).*/\1/p' <<<"$last")"
  crashes="$(find "$work/crashes/$h" -type f | wc -l)"
  if [ "$rc" -ne 0 ] && [ "$crashes" -eq 0 ]; then crashes=1; fi # died without an artifact: still a failure
  if [ "$crashes" -gt 0 ]; then
    crashed=1
    echo "fuzz: $h CRASHED (exit $rc): see $log and $work/crashes/$h/" >&2
    grep -E 'ERROR|SUMMARY|invariant failed|runtime error' "$log" | head -n5 >&2
  fi
  rows+=("$(printf '%-8s %12s execs %9s/s  cov %5s  ft %6s  corpus %5s  crashes %d' "$h" "${execs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "$crashes")")
done
echo
echo "fuzz: ${seconds} s per harness${runs:+, at most $max_runs executions}; clang -fsanitize=fuzzer,address,undefined"
printf '%s\n' "${rows[@]}"
[ "$crashed" -eq 0 ] && echo "fuzz: 0 crashes" || echo "fuzz: CRASHES found (inputs in $work/crashes/)"
exit "$crashed"
