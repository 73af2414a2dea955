#!/usr/bin/env bash
# npm test: set-up (idempotent), then the test tiers one by one: unit, native, native-asan (the
# native tests again against the programs built with ASan + UBSan), lint, e2e, lang, cluster.
# Prints each tier's counts and time, and a closing "N passed, N failed" line; exits non-zero on
# any failure. The lint tier runs actionlint over examples/github/ (NOT RUN where actionlint cannot
# be built). The e2e tier needs the docker and command resource plugins: where they are missing
# it is reported as NOT RUN with the reason, never as passed; so is the cluster tier where etcd or
# kube-apiserver cannot be had, and each part of the lang tier (the component package from other
# languages) whose tool set-up could not get: the Python SDK generator (sdk drift), the Python
# venv (the Python tests), the YAML language host (the YAML tests). The cluster tier runs last: it
# submits what the e2e tier recorded. `bash scripts/test.sh TIER...` (`npm test -- TIER...`) runs
# only the tiers named (unit, native, native-asan, lint, e2e, lang, cluster), the same way.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
all_tiers="unit native native-asan lint e2e lang cluster"
for t in "$@"; do
  [[ " $all_tiers " == *" $t "* ]] || { echo "test: no tier '$t' (tiers: $all_tiers)" >&2; exit 2; }
done
tiers=" ${*:-$all_tiers} "
want() { [[ "$tiers" == *" $1 "* ]]; }
bash scripts/setup.sh --tests || { echo "test: set-up failed" >&2; exit 1; }
# shellcheck source=/dev/null
source .cache/setup.env

# Manifests the e2e tier records for the cluster tier, and the cluster tier's submissions: this run's only.
want e2e && rm -rf .cache/generated-manifests
want cluster && rm -f .cache/cluster-submissions.jsonl

passed=0 failed=0 summary=()
run_tier() { # run_tier NAME [jest args...]
  local tier="$1" start result p f t elapsed; shift
  start=$(date +%s)
  result="$root/.cache/jest-$tier.json"
  rm -f "$result"
  jest --selectProjects "$tier" --json --outputFile="$result" "$@" </dev/null
  elapsed=$(( $(date +%s) - start ))
  if [ -f "$result" ]; then
    read -r p f t < <(node -p 'const r = require(process.argv[1]);
      [r.numPassedTests, r.numFailedTests + r.numRuntimeErrorTestSuites, r.numTotalTests].join(" ")' "$result")
  else
    p=0 f=1 t=0
  fi
  [ "$t" -gt 0 ] || { f=$((f + 1)); echo "test: the $tier tier ran no test" >&2; }
  passed=$((passed + p)) failed=$((failed + f))
  summary+=("$(printf '%-7s %4d passed, %d failed in %d s' "$tier:" "$p" "$f" "$elapsed")")
}

# The example workflows (examples/github/) through actionlint: one test per file.
lint_workflows() {
  local start files p=0 f=0
  start=$(date +%s)
  files=(examples/github/*.yml)
  if [ -z "${DOCKER_POD_ACTIONLINT:-}" ]; then
    summary+=("lint: NOT RUN — actionlint could not be had here (see npm run setup)")
    return
  fi
  for file in "${files[@]}"; do
    if "$DOCKER_POD_ACTIONLINT" "$file"; then p=$((p + 1)); else f=$((f + 1)); echo "test: actionlint: $file has problems (above)" >&2; fi
  done
  passed=$((passed + p)) failed=$((failed + f))
  summary+=("$(printf '%-7s %4d passed, %d failed in %d s (actionlint, examples/github)' "lint:" "$p" "$f" "$(( $(date +%s) - start ))")")
}

want unit && run_tier unit
want native && run_tier native
want native-asan && run_tier native-asan
want lint && lint_workflows
if ! want e2e; then
  :
elif [ -n "$DOCKER_POD_E2E_MISSING" ]; then
  summary+=("e2e: NOT RUN — $DOCKER_POD_E2E_MISSING")
else
  run_tier e2e --runInBand
fi
lang_files=() not_run=()
need() { # need FILE MISSING...: FILE runs when every MISSING reason is empty, else NOT RUN
  local file="$1" reason; shift
  for reason in "$@"; do
    [ -z "$reason" ] || { not_run+=("lang: $(basename "$file") NOT RUN — $reason"); return; }
  done
  lang_files+=("$file")
}
# Every file of tests/lang, by what it uses: the SDK generator (DOCKER_POD_PYTHON_SDK_GEN), else the
# resource plugins and the venv's python (DOCKER_POD_PYTHON) or the YAML host (a `runtime: yaml` project).
for file in tests/lang/*.test.ts; do
  if grep -q DOCKER_POD_PYTHON_SDK_GEN "$file"; then
    need "$file" "$DOCKER_POD_PYTHON_SDK_GEN_MISSING"
    continue
  fi
  reasons=("$DOCKER_POD_E2E_MISSING")
  grep -qw DOCKER_POD_PYTHON "$file" && reasons+=("$DOCKER_POD_PYTHON_MISSING")
  grep -q "runtime: yaml" "$file" && reasons+=("$DOCKER_POD_YAML_MISSING")
  need "$file" "${reasons[@]}"
done
if want lang; then
  [ "${#lang_files[@]}" -eq 0 ] || run_tier lang --runInBand "${lang_files[@]}"
  summary+=("${not_run[@]+"${not_run[@]}"}")
fi
if ! want cluster; then
  :
elif [ -n "$DOCKER_POD_CLUSTER_MISSING" ]; then
  summary+=("cluster: NOT RUN — $DOCKER_POD_CLUSTER_MISSING")
else
  # The round trip through the real engine needs what the e2e tier needs.
  if [ -n "$DOCKER_POD_E2E_MISSING" ]; then
    run_tier cluster --runInBand --testPathIgnorePatterns roundtrip-play
    summary+=("cluster: roundtrip-play.test.ts NOT RUN — $DOCKER_POD_E2E_MISSING")
  else
    run_tier cluster --runInBand
  fi
  summary+=("         $(node -e '
    // The refusal checks (tests/cluster/refusal.test.ts) are not manifests docker-pod generated.
    const lines = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").map(JSON.parse)
      .filter((l) => l.source !== "refusal check");
    const n = (f) => lines.filter(f).length;
    console.log(`${lines.length} manifests submitted to kube-apiserver, ${n((l) => l.accepted)} accepted ` +
      `(${n((l) => l.source.startsWith("e2e "))} recorded by e2e, ${n((l) => l.source.startsWith("round trip"))} in round trips)`);
  ' .cache/cluster-submissions.jsonl 2>/dev/null || echo "no manifest submitted")")
fi

echo
printf '%s\n' "${summary[@]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
