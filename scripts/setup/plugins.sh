#!/usr/bin/env bash
# Ensures the resource plugins this package's providers need are in the user's Pulumi plugin cache
# (PULUMI_HOME, else ~/.pulumi). Versions are read from the providers' own package.json.
# Never fails: prints one line per missing plugin on stdout ("docker plugin 5.2.0 not installed")
# so callers can report the end-to-end tier as NOT RUN; progress goes to stderr.
set -uo pipefail
cd "$(dirname "$0")/../.."
missing=()
installed="$(pulumi plugin ls --json 2>/dev/null || echo '[]')"
for pkg in @pulumi/docker @pulumi/command; do
  read -r name version < <(node -e '
    const p = require(process.argv[1] + "/package.json").pulumi;
    console.log(p.name, p.version);' "$pkg")
  if node -e '
      const [ls, name, version] = process.argv.slice(1);
      process.exit(JSON.parse(ls).some(p => p.kind === "resource" && p.name === name && p.version === version) ? 0 : 1);' \
      "$installed" "$name" "$version"; then
    echo "plugins: $name $version installed" >&2
    continue
  fi
  echo "plugins: $name $version missing; trying \`pulumi plugin install resource $name $version\`" >&2
  if pulumi plugin install resource "$name" "$version" >/dev/null 2>&1; then
    echo "plugins: $name $version installed" >&2
    continue
  fi
  cat >&2 <<MSG
plugins: could not install the $name resource plugin $version (no internet?). Build or download
         pulumi-resource-$name v$version elsewhere, then register the binary with:
           pulumi plugin install resource $name $version --file /path/to/pulumi-resource-$name
MSG
  missing+=("$name plugin $version not installed")
done
printf '%s\n' "${missing[@]+"${missing[@]}"}"
