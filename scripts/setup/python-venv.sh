#!/usr/bin/env bash
# Ensures a Python virtual environment (.cache/python) for the Python SDK and its end-to-end tests:
# PyPI's `pulumi` at the version of the pinned Node SDK plus the SDK's other dependencies (read
# from sdk/python/pyproject.toml) and, for the test programs that place pods on another engine,
# PyPI's `pulumi-docker` at the version of the pinned `@pulumi/docker` (package.json); then the SDK
# itself (`pip install ./sdk/python`), reinstalled whenever its files change. Never fails: prints
# the venv's python on stdout (the last line), or nothing when it cannot be had; progress goes to
# stderr.
set -uo pipefail
want="${1:?usage: python-venv.sh PULUMI_VERSION}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
venv="$root/.cache/python"
py="$(command -v python3 || true)"
[ -n "$py" ] || { echo "python: no python3 on this machine" >&2; exit 0; }
reqs="$("$py" - "$root/sdk/python/pyproject.toml" "$want" "$root/package.json" <<'PY'
import json, sys, tomllib
deps = tomllib.load(open(sys.argv[1], "rb"))["project"]["dependencies"]
docker = json.load(open(sys.argv[3]))["dependencies"]["@pulumi/docker"]
print("\n".join([f"pulumi=={sys.argv[2]}"] + [d for d in deps if not d.startswith("pulumi>") and not d.startswith("pulumi=")] + [f"pulumi-docker=={docker}"]))
PY
)" || { echo "python: cannot read sdk/python/pyproject.toml" >&2; exit 0; }
stamp="$venv/.docker-pod-requirements"
if [ -x "$venv/bin/python" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$reqs" ]; then
  echo "python: $venv has pulumi $want and the SDK's requirements" >&2
else
  echo "python: creating $venv (pulumi $want and the SDK's requirements)" >&2
  rm -rf "$venv"
  if ! { "$py" -m venv "$venv" >&2 && printf '%s\n' "$reqs" >"$venv/requirements.txt" \
      && "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$venv/requirements.txt" >&2; }; then
    echo "python: could not install pulumi $want into a venv" >&2
    exit 0
  fi
  printf '%s' "$reqs" >"$stamp"
fi
sdk_stamp="$venv/.docker-pod-sdk"
sdk_hash="$(cd "$root/sdk/python" && find . -type f ! -path '*/__pycache__/*' ! -path './build/*' ! -path '*.egg-info/*' -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)"
if [ "$(cat "$sdk_stamp" 2>/dev/null)" = "$sdk_hash" ]; then
  echo "python: the SDK in $venv matches sdk/python" >&2
else
  echo "python: installing sdk/python into $venv" >&2
  build="$(mktemp -d)"
  cp -r "$root/sdk/python/." "$build"
  if ! "$venv/bin/pip" install --quiet --disable-pip-version-check --no-deps --force-reinstall "$build" >&2; then
    rm -rf "$build"
    echo "python: could not install sdk/python" >&2
    exit 0
  fi
  rm -rf "$build"
  echo "$sdk_hash" >"$sdk_stamp"
fi
echo "$venv/bin/python"
