// AVX2 + FMA SGEMM micro-kernel, 6 × 16 tile: C[6,16] = alpha · Σ_p a[p,:]ᵀ b[p,:] + beta · C.
// Register budget (16 ymm): 12 accumulators (6 rows × 2 vectors of 8) + 2 for the B row + 1 broadcast = 15.
// The shape of BLIS haswell's sgemm 6x16. Contract and packing: gemm_microkernels.h.
#include "gemm_microkernels.h"

#if defined(__x86_64__) || defined(_M_X64)
#include <immintrin.h>
#define NNKIT_TARGET_AVX2 __attribute__((target("avx2,fma")))

namespace nnkit {
namespace {
constexpr size_t MR = 6, NR = 16;
}

NNKIT_TARGET_AVX2 void gemm_f32_6x16__avx2_fma(size_t kc, const float* a, const float* b, float* c, size_t ldc,
                                               float alpha, float beta) {
  __m256 acc[MR][2];
#pragma GCC unroll 6
  for (size_t i = 0; i < MR; ++i) acc[i][0] = acc[i][1] = _mm256_setzero_ps();
  for (size_t p = 0; p < kc; ++p) {
    _mm_prefetch(reinterpret_cast<const char*>(b + 8 * NR), _MM_HINT_T0);
    const __m256 b0 = _mm256_load_ps(b), b1 = _mm256_load_ps(b + 8);
#pragma GCC unroll 6
    for (size_t i = 0; i < MR; ++i) {
      const __m256 ai = _mm256_broadcast_ss(a + i);
      acc[i][0] = _mm256_fmadd_ps(ai, b0, acc[i][0]);
      acc[i][1] = _mm256_fmadd_ps(ai, b1, acc[i][1]);
    }
    a += MR;
    b += NR;
  }
  const __m256 va = _mm256_set1_ps(alpha);
  if (beta == 0.0f) {
#pragma GCC unroll 6
    for (size_t i = 0; i < MR; ++i) {
      _mm256_storeu_ps(c + i * ldc, _mm256_mul_ps(va, acc[i][0]));
      _mm256_storeu_ps(c + i * ldc + 8, _mm256_mul_ps(va, acc[i][1]));
    }
  } else {
    const __m256 vb = _mm256_set1_ps(beta);
#pragma GCC unroll 6
    for (size_t i = 0; i < MR; ++i) {
      float* ci = c + i * ldc;
      _mm256_storeu_ps(ci, _mm256_fmadd_ps(vb, _mm256_loadu_ps(ci), _mm256_mul_ps(va, acc[i][0])));
      _mm256_storeu_ps(ci + 8, _mm256_fmadd_ps(vb, _mm256_loadu_ps(ci + 8), _mm256_mul_ps(va, acc[i][1])));
    }
  }
}

}  // namespace nnkit
#endif
