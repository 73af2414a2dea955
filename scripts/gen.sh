#!/usr/bin/env bash
# npm run gen: regenerates what is generated from the TypeScript source, never edited by hand:
#   schema.json  the Pulumi package schema, from components/ (args.ts JSDoc) by scripts/gen/schema.ts
#   sdk/python   the Python SDK, from schema.json by Pulumi's own Python code generator
# The unit and python tiers fail when either differs from what this writes.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
[ -f .cache/setup.env ] || bash scripts/setup.sh
# shellcheck source=/dev/null
source .cache/setup.env
node -r ts-node/register/transpile-only scripts/gen/schema.ts
if [ -z "$DOCKER_POD_PYTHON_SDK_GEN" ]; then
  echo "gen: cannot write sdk/python: $DOCKER_POD_PYTHON_SDK_GEN_MISSING" >&2
  exit 1
fi
"$DOCKER_POD_PYTHON_SDK_GEN" schema.json sdk/python
echo "gen: wrote sdk/python"
