// The AArch64 NEON variants of the f32 micro-kernels (the ARMv8 baseline: no target region needed). Tested from
// x86-64 by native/simd/f32_check_main.cc, cross-compiled and run under qemu-user (test/backend/f32-neon.test.ts).
#include "f32_ukernels.h"

#if defined(__aarch64__)
#include <arm_neon.h>

#include <cstdint>
#include <cstring>

namespace nnkit {
namespace {
#include "vec_f32__neon.inl"
#include "exp_f32.inl"
#include "f32_ukernels.inl"
}  // namespace
#define NNKIT_ISA neon
#include "f32_variants.inl"
#undef NNKIT_ISA
}  // namespace nnkit
#endif
