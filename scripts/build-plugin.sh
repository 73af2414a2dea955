#!/usr/bin/env bash
# Writes dist/pulumi-resource-docker-pod, the docker-pod resource plugin: a small executable that
# starts Node with the compiled provider (dist/provider/main.js). Run by `npm run build` after tsc.
# Run from dist/ it finds the package beside it; copied into a Pulumi plugin cache by
# `pulumi plugin install resource docker-pod VERSION --file dist/pulumi-resource-docker-pod`, it
# uses the package where it was built. Node: the package's pinned one when present, else `node`.
# The file carries schema.json's hash: Pulumi caches a plugin's schema by name and version, and
# trusts the cache while it is newer than the plugin's install, so a new schema must make a new file
# (set-up re-registers the plugin when this file changes, which drops the cached schema).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/dist/pulumi-resource-docker-pod"
version="$(node -p 'require(process.argv[1]).version' "$root/package.json")"
schema_sha="$(sha256sum "$root/schema.json" | cut -d' ' -f1)"
[ -f "$root/dist/provider/main.js" ] || { echo "build-plugin: dist/provider/main.js missing; run tsc first" >&2; exit 1; }
cat >"$out.tmp" <<SCRIPT
#!/bin/sh
# pulumi-resource-docker-pod $version: the docker-pod resource plugin (written by npm run build).
# schema.json sha256 $schema_sha
here="\$(cd "\$(dirname "\$0")" && pwd)"
if [ -f "\$here/provider/main.js" ]; then root="\$(dirname "\$here")"; else root='$root'; fi
node="\$root/node_modules/.bin/node"
[ -x "\$node" ] || node=node
exec "\$node" "\$root/dist/provider/main.js" "\$@"
SCRIPT
chmod +x "$out.tmp"
mv "$out.tmp" "$out"
echo "build-plugin: wrote dist/pulumi-resource-docker-pod ($version)" >&2
