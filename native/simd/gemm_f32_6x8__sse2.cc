// SSE2 SGEMM micro-kernel, 6 × 8 tile: C[6,8] = alpha · Σ_p a[p,:]ᵀ b[p,:] + beta · C.
// The x86-64 baseline (no target attribute needed). Register budget (16 xmm): 12 accumulators (6 rows × 2 vectors
// of 4) + 2 for the B row + 1 broadcast = 15. No FMA in SSE2: a multiply and an add per product.
// Contract and packing: gemm_microkernels.h.
#include "gemm_microkernels.h"

#if defined(__x86_64__) || defined(_M_X64)
#include <emmintrin.h>

namespace nnkit {
namespace {
constexpr size_t MR = 6, NR = 8;
}

void gemm_f32_6x8__sse2(size_t kc, const float* a, const float* b, float* c, size_t ldc, float alpha, float beta) {
  __m128 acc[MR][2];
#pragma GCC unroll 6
  for (size_t i = 0; i < MR; ++i) acc[i][0] = acc[i][1] = _mm_setzero_ps();
  for (size_t p = 0; p < kc; ++p) {
    const __m128 b0 = _mm_load_ps(b), b1 = _mm_load_ps(b + 4);
#pragma GCC unroll 6
    for (size_t i = 0; i < MR; ++i) {
      const __m128 ai = _mm_set1_ps(a[i]);
      acc[i][0] = _mm_add_ps(acc[i][0], _mm_mul_ps(ai, b0));
      acc[i][1] = _mm_add_ps(acc[i][1], _mm_mul_ps(ai, b1));
    }
    a += MR;
    b += NR;
  }
  const __m128 va = _mm_set1_ps(alpha);
  if (beta == 0.0f) {
#pragma GCC unroll 6
    for (size_t i = 0; i < MR; ++i) {
      _mm_storeu_ps(c + i * ldc, _mm_mul_ps(va, acc[i][0]));
      _mm_storeu_ps(c + i * ldc + 4, _mm_mul_ps(va, acc[i][1]));
    }
  } else {
    const __m128 vb = _mm_set1_ps(beta);
#pragma GCC unroll 6
    for (size_t i = 0; i < MR; ++i) {
      float* ci = c + i * ldc;
      _mm_storeu_ps(ci, _mm_add_ps(_mm_mul_ps(vb, _mm_loadu_ps(ci)), _mm_mul_ps(va, acc[i][0])));
      _mm_storeu_ps(ci + 4, _mm_add_ps(_mm_mul_ps(vb, _mm_loadu_ps(ci + 4)), _mm_mul_ps(va, acc[i][1])));
    }
  }
}

}  // namespace nnkit
#endif
