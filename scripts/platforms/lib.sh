# Shared by scripts/platforms/*.sh: official Node binaries from the npm registry's node-linux-<arch> packages,
# kept in a cache folder, and running an arm64 one under qemu-user.
platform_cache=${NNKIT_PLATFORM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/nnkit-platforms}

# node_binary <x64|arm64> <major>: prints the path of that official node binary, installing it on first use.
node_binary() {
  local arch=$1 major=$2 dir="$platform_cache/node-linux-$1-$2"
  if [ ! -x "$dir/node_modules/node-linux-$arch/bin/node" ]; then
    mkdir -p "$dir"
    (cd "$dir" && npm init -y >/dev/null && npm install --force --no-audit --no-fund --loglevel=error \
      "node-linux-$arch@$major" >/dev/null) || { echo "could not install node-linux-$arch@$major" >&2; return 1; }
  fi
  echo "$dir/node_modules/node-linux-$arch/bin/node"
}

# arm64_node <node args...>: runs the official arm64 Node 20 under qemu-user with the cross toolchain's libraries.
arm64_node() {
  qemu-aarch64 -L /usr/aarch64-linux-gnu "$ARM64_NODE" "$@"
}
