#!/usr/bin/env bash
# Builds the addon with AddressSanitizer + UndefinedBehaviorSanitizer (cmake-js, build-debug/) and runs the native
# kernel tests and the fuzzer against it. Any sanitizer report fails the run (halt_on_error, no recovery).
set -euo pipefail
cd "$(dirname "$0")/.."
npx cmake-js build --debug --out build-debug --CDNNKIT_SANITIZE=ON >/dev/null
addon="$PWD/build-debug/Debug/nnkit.node"
runtime="$(g++ -print-file-name=libasan.so):$(g++ -print-file-name=libubsan.so)"
# Node itself is not instrumented and keeps memory alive at exit by design: leak checking would only report Node.
export LD_PRELOAD="$runtime" NNKIT_NATIVE_PATH="$addon" NNKIT_TEST_BACKENDS=native NNKIT_REQUIRE_NATIVE=1
export ASAN_OPTIONS=detect_leaks=0:halt_on_error=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
# The kernel suites, the fuzzer and the multi-threaded tests: the ones that exercise native code.
node node_modules/vitest/vitest.mjs run test/backend test/hardening/fuzz-native.test.ts test/hardening/concurrency.test.ts "$@"
