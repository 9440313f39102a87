#!/usr/bin/env bash
# Builds the addon with clang (what macOS uses) with every warning an error, in a temporary copy, then runs the
# native kernel suites against that binary (NNKIT_NATIVE_PATH). g++ gets the same -Werror in .ci/run's npm ci.
# usage: bash scripts/platforms/build-clang.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
command -v clang++ >/dev/null || { echo "build-clang: needs clang++ (apt-get install clang)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$root/binding.gyp" "$root/package.json" "$root/native" "$work/"
ln -s "$root/node_modules" "$work/node_modules"
(cd "$work" && CC=clang CXX=clang++ CXXFLAGS=-Werror npx node-gyp rebuild >"$work/log" 2>&1) ||
  { grep -E "error|warning" "$work/log" | head -40 >&2; echo "build-clang: the clang build failed" >&2; exit 1; }
echo "build-clang: $(clang++ --version | head -1): built with -Wall -Wextra -Werror"
(cd "$root" && NNKIT_REQUIRE_NATIVE=1 NNKIT_TEST_BACKENDS=native NNKIT_NATIVE_PATH="$work/build/Release/nnkit.node" \
  node node_modules/vitest/vitest.mjs run test/backend --reporter=dot)
