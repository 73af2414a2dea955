#!/usr/bin/env bash
# The component package's plugin: `npm run build` when dist/ is older than its inputs (the
# library, the provider, schema.json), then registers dist/pulumi-resource-docker-pod in the local
# Pulumi home (PULUMI_HOME, else ~/.pulumi) as the `docker-pod` resource plugin at package.json's
# version, unless the same file is registered already. Progress goes to stderr.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
version="$(node -p 'require("./package.json").version')"
stamp="dist/.docker-pod-build.sha256"
want="$(find components provider cli -name '*.ts' -print0 | sort -z | xargs -0 cat \
  | cat - schema.json package.json package-lock.json tsconfig.json tsconfig.build.json scripts/build-plugin.sh | sha256sum | cut -d' ' -f1)"
if [ -x dist/pulumi-resource-docker-pod ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
  echo "component-package: dist/ is up to date" >&2
else
  echo "component-package: npm run build" >&2
  npm run -s build >&2
  echo "$want" >"$stamp"
fi
installed="${PULUMI_HOME:-$HOME/.pulumi}/plugins/resource-docker-pod-v$version/pulumi-resource-docker-pod"
if [ -f "$installed" ] && cmp -s "$installed" dist/pulumi-resource-docker-pod; then
  echo "component-package: resource plugin docker-pod $version registered" >&2
else
  pulumi plugin install resource docker-pod "$version" --file dist/pulumi-resource-docker-pod --reinstall >&2
  echo "component-package: registered resource plugin docker-pod $version ($root/dist)" >&2
fi
