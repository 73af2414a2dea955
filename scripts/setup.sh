#!/usr/bin/env bash
# One idempotent set-up for the example stack, the tests and CI (`--tests`: also what only the tests
# need, the cluster tier's etcd and kube-apiserver). Each step does nothing when its
# part is in place and prints what it did and how long it took. Writes .cache/setup.env, which
# scripts/run-ts.sh, scripts/test.sh and scripts/docker-pod.sh source: PATH (pinned Node, the Pulumi CLI,
# the Pulumi YAML language host) and DOCKER_POD_E2E_MISSING (why the end-to-end tier cannot run
# here; empty when it can), KUBE_APISERVER and DOCKER_POD_CLUSTER_MISSING (the same for the cluster
# tier); for the component package's other languages DOCKER_POD_PYTHON (the venv's python, with
# the SDK), DOCKER_POD_PYTHON_SDK_GEN (the SDK generator) and
# DOCKER_POD_{PYTHON,YAML,PYTHON_SDK_GEN}_MISSING (why each cannot be had; empty when it can);
# DOCKER_POD_ACTIONLINT (the workflow linter's path; empty when it cannot be had here).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
steps="$root/scripts/setup"

step() { # step NAME COMMAND...: runs one step, timing it
  local name="$1" start end; shift
  start=$(date +%s.%N)
  "$@"
  end=$(date +%s.%N)
  printf 'setup: %-16s %6.1f s\n' "$name" "$(echo "$end - $start" | bc)" >&2
}

npm_deps() { # npm ci when node_modules does not match package-lock.json
  local stamp="node_modules/.docker-pod-lock.sha256" want
  want="$(sha256sum package-lock.json | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    echo "npm: node_modules matches package-lock.json" >&2
    return
  fi
  echo "npm: installing dependencies (npm ci)" >&2
  npm ci --no-fund --no-audit --loglevel=error >&2
  echo "$want" >"$stamp"
}

pinned_node() { # the Node from npm's `node` package (devDependency), used by every script
  local v
  v="$("$root/node_modules/.bin/node" --version)"
  echo "node: $v from npm's node package (node_modules/.bin/node)" >&2
}

pulumi_cli() {
  local want
  want="$("$root/node_modules/.bin/node" -p 'require("@pulumi/pulumi/package.json").version')"
  pulumi_dir="$("$steps/pulumi-cli.sh" "$want" | tail -n1)"
}

# The version of actionlint that lints examples/github/ in the test tier.
actionlint_version=1.7.12
actionlint_tool() {
  actionlint="$("$steps/actionlint.sh" "$actionlint_version" | tail -n1)"
}

plugins() {
  missing="$(PATH="$pulumi_dir:$root/node_modules/.bin:$PATH" "$steps/plugins.sh" | paste -sd ';' | sed 's/;/; /g')"
}

cluster_tools() { # etcd and kube-apiserver for the cluster tier; sets cluster_missing when they cannot be had
  kube_apiserver="" cluster_missing=""
  "$steps/apt-install.sh" etcd-server || cluster_missing="Debian's etcd-server could not be installed"
  local log out
  log="$(mktemp)"
  # Its messages still go to stderr; the last one is the reason when it cannot be built.
  if out="$("$steps/kube-apiserver.sh" "$kube_apiserver_version" 2> >(tee "$log" >&2))"; then
    kube_apiserver="$(printf '%s\n' "$out" | tail -n1)"
  else
    wait $! 2>/dev/null || true # the tee above, until it has written the last line
    cluster_missing="${cluster_missing:+$cluster_missing; }kube-apiserver v$kube_apiserver_version could not be had ($(tail -n1 "$log" | sed 's/^kube-apiserver: //'))"
  fi
  rm -f "$log"
}

# The Kubernetes API server the cluster tier validates generated manifests against.
kube_apiserver_version=1.31.4
component_package() { # dist/ built and the docker-pod resource plugin registered
  PATH="$pulumi_dir:$root/node_modules/.bin:$PATH" "$steps/component-package.sh"
}

# The component package from other languages (issue 18). Each says why it cannot be had.
yaml_version="1.25.0"
yaml_host() {
  yaml_dir="$("$steps/yaml-language-host.sh" "$yaml_version" | tail -n1)"
  yaml_missing=""
  [ -n "$yaml_dir" ] || yaml_missing="pulumi-language-yaml v$yaml_version could not be built (see the set-up messages)"
}
python_sdk_generator() {
  sdk_gen="$("$steps/python-sdk-generator.sh" "$(pulumi_version)" | tail -n1)"
  sdk_gen_missing=""
  [ -n "$sdk_gen" ] || sdk_gen_missing="the Python SDK generator (Pulumi's pkg/v3 codegen) could not be built (see the set-up messages)"
}
python_venv() {
  python="$("$steps/python-venv.sh" "$(pulumi_version)" | tail -n1)"
  python_missing=""
  [ -n "$python" ] || python_missing="no Python venv with PyPI's pulumi $(pulumi_version) (see the set-up messages)"
}
pulumi_version() { "$root/node_modules/.bin/node" -p 'require("@pulumi/pulumi/package.json").version'; }

command -v bc >/dev/null 2>&1 || "$steps/apt-install.sh" bc
total_start=$(date +%s)
step npm-deps npm_deps
step node pinned_node
step host-packages "$steps/apt-install.sh" musl-tools busybox-static debootstrap
step native-build make -s -C native >&2
step docker-engine "$steps/docker-engine.sh"
step pulumi-cli pulumi_cli
step plugins plugins
step local-images "$steps/images.sh"
if [ "${1:-}" = --tests ]; then
  step cluster cluster_tools
else
  kube_apiserver="" cluster_missing="set-up ran without --tests (npm test runs it with)"
fi
step component-pkg component_package
step yaml-host yaml_host
step python-sdk-gen python_sdk_generator
step python python_venv
step actionlint actionlint_tool

mkdir -p .cache
cat >.cache/setup.env <<ENV
export PATH="$root/node_modules/.bin:$pulumi_dir${yaml_dir:+:$yaml_dir}:\$PATH"
export DOCKER_POD_E2E_MISSING="$missing"
export KUBE_APISERVER="$kube_apiserver"
export DOCKER_POD_CLUSTER_MISSING="$cluster_missing"
export DOCKER_POD_PYTHON="$python"
export DOCKER_POD_PYTHON_MISSING="$python_missing"
export DOCKER_POD_PYTHON_SDK_GEN="$sdk_gen"
export DOCKER_POD_PYTHON_SDK_GEN_MISSING="$sdk_gen_missing"
export DOCKER_POD_YAML_MISSING="$yaml_missing"
export DOCKER_POD_ACTIONLINT="$actionlint"
ENV
echo "setup: done in $(( $(date +%s) - total_start )) s" >&2
