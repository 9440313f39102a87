#!/usr/bin/env bash
# Builds the addon with AddressSanitizer + UndefinedBehaviorSanitizer (cmake-js, build-debug/) and runs the native
# kernel tests and the fuzzer against it; then the standalone GEMM driver check under ThreadSanitizer on 2 threads
# (the column ranges that share one packed block of A). Any sanitizer report fails the run.
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

# ThreadSanitizer cannot share a process with ASan, nor see inside an uninstrumented Node: the GEMM driver check
# (native/simd/gemm_check_main.cc) and the pool's stress check (native/runtime/thread_pool_check_main.cc) are
# their own instrumented programs. Packing block k + 1 of A while a column range still reads block k (a race on
# the one shared packed-A buffer) is reported by the first; a caller that returns before its tasks are
# done, or a job published without closing the claim word, fails or hangs the second (hence the timeout).
unset LD_PRELOAD
tsan_dir="$(mktemp -d)"
export TSAN_OPTIONS=halt_on_error=1:exitcode=66
gemm_sources=$(grep -v '^#' native/simd/gemm_check.sources | sed 's|^|native/|')
# shellcheck disable=SC2086  # one source file per word
g++ -std=c++17 -O1 -g -fsanitize=thread -pthread $gemm_sources -o "$tsan_dir/gemm-check"
NNKIT_THREADS=2 timeout 300 "$tsan_dir/gemm-check"
g++ -std=c++17 -O1 -g -fsanitize=thread -pthread native/runtime/thread_pool_check_main.cc \
  native/runtime/thread_pool.cc -o "$tsan_dir/pool-check"
NNKIT_THREADS=4 timeout 300 "$tsan_dir/pool-check"
