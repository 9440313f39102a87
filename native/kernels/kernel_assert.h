// Kernel preconditions, checked in debug builds (CMakeLists.txt defines NNKIT_DEBUG_CHECKS: npm run build:debug and
// scripts/sanitize.sh) and compiled out in release builds, where the binding has already checked every argument.
// As in XNNPACK: a failed assertion is a bug in nnkit (a binding check missing or wrong), never bad user input;
// it prints the condition and where, then aborts the debug process.
// test/hardening/kernel-asserts.test.ts builds kernel_assert_check_main.cc with and without the checks (npm test).
#pragma once

#ifdef NNKIT_DEBUG_CHECKS
#include <cstdio>
#include <cstdlib>
#define NNKIT_ASSERT(cond)                                                                                     \
  ((cond) ? static_cast<void>(0)                                                                               \
          : (std::fprintf(stderr, "%s:%d: nnkit kernel precondition failed: %s\n", __FILE__, __LINE__, #cond), \
             std::abort()))
#else
#define NNKIT_ASSERT(cond) static_cast<void>(0)
#endif
