// The AVX2 + FMA variant of the skinny SGEMM (skinny_gemm_f32.h); runs only when simd_level() is avx2 or above.
#include "skinny_gemm_f32.h"
#include "target.h"

#if defined(__x86_64__) || defined(_M_X64)
#include <immintrin.h>
NNKIT_TARGET_BEGIN("avx2,fma")
namespace nnkit {
namespace {
#include "vec_f32__avx2_fma.inl"
#define NNKIT_SKINNY_MAX_ROWS 2
#include "skinny_gemm_f32.inl"
#include "skinny_gemm_nn_f32.inl"
}  // namespace
void skinny_gemm_nt_f32__avx2_fma(size_t m, size_t n, size_t k, const float* x, size_t ldx, const float* w, size_t ldw,
                                  float* y, size_t ldy, const SkinnyEpilogue& ep) {
  skinny_gemm_nt(m, n, k, x, ldx, w, ldw, y, ldy, ep);
}
void skinny_gemm_nn_f32__avx2_fma(size_t m, size_t n, size_t k, const float* x, size_t ldx, const float* w, size_t ldw,
                                  float* y, size_t ldy, const SkinnyEpilogue& ep) {
  skinny_gemm_nn(m, n, k, x, ldx, w, ldw, y, ldy, ep);
}
void skinny_gemm_panels_f32__avx2_fma(size_t m, size_t n, size_t k, const float* x, size_t ldx, const float* w,
                                      size_t ldw, float* y, size_t ldy, const SkinnyEpilogue& ep) {
  skinny_gemm_panels(m, n, k, x, ldx, w, ldw, y, ldy, ep);
}
}  // namespace nnkit
NNKIT_TARGET_END
#endif
