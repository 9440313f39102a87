// The AArch64 NEON variant of the skinny SGEMM (skinny_gemm_f32.h), 32 vector registers: 4 x rows per tile.
// Tested from x86-64 under qemu-user by native/simd/gemm_check_main.cc (test/backend/gemm-neon.test.ts).
#include "skinny_gemm_f32.h"

#if defined(__aarch64__)
#include <arm_neon.h>
namespace nnkit {
namespace {
#include "vec_f32__neon.inl"
#define NNKIT_SKINNY_MAX_ROWS 4
#include "skinny_gemm_f32.inl"
#include "skinny_gemm_nn_f32.inl"
}  // namespace
void skinny_gemm_nt_f32__neon(size_t m, size_t n, size_t k, const float* x, size_t ldx, const float* w, size_t ldw,
                              float* y, size_t ldy, const SkinnyEpilogue& ep) {
  skinny_gemm_nt(m, n, k, x, ldx, w, ldw, y, ldy, ep);
}
void skinny_gemm_nn_f32__neon(size_t m, size_t n, size_t k, const float* x, size_t ldx, const float* w, size_t ldw,
                              float* y, size_t ldy, const SkinnyEpilogue& ep) {
  skinny_gemm_nn(m, n, k, x, ldx, w, ldw, y, ldy, ep);
}
void skinny_gemm_panels_f32__neon(size_t m, size_t n, size_t k, const float* x, size_t ldx, const float* w, size_t ldw,
                                  float* y, size_t ldy, const SkinnyEpilogue& ep) {
  skinny_gemm_panels(m, n, k, x, ldx, w, ldw, y, ldy, ep);
}
}  // namespace nnkit
#endif
