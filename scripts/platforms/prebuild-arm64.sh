#!/usr/bin/env bash
# Cross-compiles the linux-arm64 (glibc) prebuild with Debian's g++-aarch64-linux-gnu into prebuilds/linux-arm64/.
# It builds in a temporary copy, so build/ (this machine's addon) is left alone. N-API: one binary for every Node.
# usage: bash scripts/platforms/prebuild-arm64.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
command -v aarch64-linux-gnu-g++ >/dev/null || { echo "prebuild-arm64: needs aarch64-linux-gnu-g++ (apt-get install g++-aarch64-linux-gnu)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$root/binding.gyp" "$root/package.json" "$root/native" "$work/"
ln -s "$root/node_modules" "$work/node_modules"
(cd "$work" && CC=aarch64-linux-gnu-gcc CXX=aarch64-linux-gnu-g++ LINK=aarch64-linux-gnu-g++ AR=aarch64-linux-gnu-ar \
  PREBUILD_STRIP_BIN=aarch64-linux-gnu-strip npx prebuildify --napi --strip --tag-libc --arch arm64 >"$work/log" 2>&1) ||
  { cat "$work/log" >&2; echo "prebuild-arm64: the cross build failed" >&2; exit 1; }
rm -rf "$root/prebuilds/linux-arm64"
mkdir -p "$root/prebuilds"
cp -r "$work/prebuilds/linux-arm64" "$root/prebuilds/"
echo "prebuild-arm64: $(cd "$root" && ls prebuilds/linux-arm64/*.node)"
