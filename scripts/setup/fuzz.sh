#!/usr/bin/env bash
# The fuzzing toolchain (`npm run fuzz`): Debian's clang 14 and its libFuzzer, installed when missing
# (idempotent). Prints the compiler's path as its last line.
set -euo pipefail
"$(dirname "$0")/apt-install.sh" clang-14 libfuzzer-14-dev
clang="$(command -v clang-14)"
echo "fuzz: $("$clang" --version | head -n1), libFuzzer from libfuzzer-14-dev" >&2
echo "$clang"
