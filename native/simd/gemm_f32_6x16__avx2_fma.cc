// AVX2 + FMA SGEMM micro-kernel, 6 × 16 tile: C[6,16] = alpha · Σ_p a[p,:]ᵀ b[p,:] + beta · C.
// Register budget (16 ymm): 12 accumulators (6 rows × 2 vectors of 8) + 2 for the B row + 1 broadcast = 15.
// The shape of BLIS haswell's sgemm 6x16. Contract and packing: gemm_microkernels.h.
// The edge variant computes only the m ≤ 6 rows asked for and stores n ≤ 16 columns through vmaskmov: nothing
// outside the m × n corner of C is read or written.
#include "gemm_microkernels.h"

#if defined(__x86_64__) || defined(_M_X64)
#include <immintrin.h>

#define NNKIT_TARGET_AVX2 __attribute__((target("avx2,fma")))

namespace nnkit {
namespace {

constexpr size_t MR = 6, NR = 16;

template <size_t Rows>
NNKIT_TARGET_AVX2 inline void tile(size_t kc, const float* a, const float* b, float* c, size_t ldc, float alpha,
                                   float beta, __m256i m0, __m256i m1, bool masked) {
  __m256 acc[Rows][2];
#pragma GCC unroll 6
  for (size_t i = 0; i < Rows; ++i) acc[i][0] = acc[i][1] = _mm256_setzero_ps();
  for (size_t p = 0; p < kc; ++p) {
    _mm_prefetch(reinterpret_cast<const char*>(b + 8 * NR), _MM_HINT_T0);
    const __m256 b0 = _mm256_load_ps(b), b1 = _mm256_load_ps(b + 8);
#pragma GCC unroll 6
    for (size_t i = 0; i < Rows; ++i) {
      const __m256 ai = _mm256_broadcast_ss(a + i);
      acc[i][0] = _mm256_fmadd_ps(ai, b0, acc[i][0]);
      acc[i][1] = _mm256_fmadd_ps(ai, b1, acc[i][1]);
    }
    a += MR;
    b += NR;
  }
  const __m256 va = _mm256_set1_ps(alpha), vb = _mm256_set1_ps(beta);
#pragma GCC unroll 6
  for (size_t i = 0; i < Rows; ++i) {
    float* ci = c + i * ldc;
    __m256 r0 = _mm256_mul_ps(va, acc[i][0]), r1 = _mm256_mul_ps(va, acc[i][1]);
    if (!masked) {
      if (beta != 0.0f) {
        r0 = _mm256_fmadd_ps(vb, _mm256_loadu_ps(ci), r0);
        r1 = _mm256_fmadd_ps(vb, _mm256_loadu_ps(ci + 8), r1);
      }
      _mm256_storeu_ps(ci, r0);
      _mm256_storeu_ps(ci + 8, r1);
    } else {
      if (beta != 0.0f) {
        r0 = _mm256_fmadd_ps(vb, _mm256_maskload_ps(ci, m0), r0);
        r1 = _mm256_fmadd_ps(vb, _mm256_maskload_ps(ci + 8, m1), r1);
      }
      _mm256_maskstore_ps(ci, m0, r0);
      _mm256_maskstore_ps(ci + 8, m1, r1);
    }
  }
}

// Lane j of the mask is all ones when j < n (vmaskmov reads the sign bit).
NNKIT_TARGET_AVX2 inline __m256i lanes_below(long n) {
  return _mm256_cmpgt_epi32(_mm256_set1_epi32(static_cast<int>(n)), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

}  // namespace

NNKIT_TARGET_AVX2 void gemm_f32_6x16__avx2_fma(size_t kc, const float* a, const float* b, float* c, size_t ldc,
                                               float alpha, float beta) {
  const __m256i all = _mm256_set1_epi32(-1);
  tile<MR>(kc, a, b, c, ldc, alpha, beta, all, all, false);
}

NNKIT_TARGET_AVX2 void gemm_f32_6x16__avx2_fma_edge(size_t m, size_t n, size_t kc, const float* a, const float* b,
                                                    float* c, size_t ldc, float alpha, float beta) {
  const __m256i m0 = lanes_below(static_cast<long>(n)), m1 = lanes_below(static_cast<long>(n) - 8);
  switch (m) {
    case 1: return tile<1>(kc, a, b, c, ldc, alpha, beta, m0, m1, true);
    case 2: return tile<2>(kc, a, b, c, ldc, alpha, beta, m0, m1, true);
    case 3: return tile<3>(kc, a, b, c, ldc, alpha, beta, m0, m1, true);
    case 4: return tile<4>(kc, a, b, c, ldc, alpha, beta, m0, m1, true);
    case 5: return tile<5>(kc, a, b, c, ldc, alpha, beta, m0, m1, true);
    default: return tile<6>(kc, a, b, c, ldc, alpha, beta, m0, m1, true);
  }
}

}  // namespace nnkit
#endif
