// AVX-512 SGEMM micro-kernel, 14 × 32 tile: C[14,32] = alpha · Σ_p a[p,:]ᵀ b[p,:] + beta · C.
// Register budget: 28 zmm accumulators (14 rows × 2 vectors of 16) + 2 for the B row + 1 broadcast of A = 31 of
// 32. 28 independent FMA chains cover the FMA latency (4 cycles) × 2 FMA pipes with room to spare, and per k
// step the 2 B loads and 14 broadcasts feed 28 FMAs (BLIS skx uses the transposed 32 × 6/12 shape; the tall tile
// suits row-major C). Contract and packing: gemm_microkernels.h.
#include <immintrin.h>

#include "gemm_microkernels.h"

#if defined(__x86_64__) || defined(_M_X64)
#define NNKIT_TARGET_AVX512 __attribute__((target("avx512f,avx512vl,avx512bw,avx512dq,fma,avx2")))

namespace nnkit {
namespace {
constexpr size_t MR = 14, NV = 2, NR = NV * 16;
}

NNKIT_TARGET_AVX512 void gemm_f32_14x32__avx512(size_t kc, const float* a, const float* b, float* c, size_t ldc,
                                                float alpha, float beta) {
  __m512 acc[MR][NV];
#pragma GCC unroll 14
  for (size_t i = 0; i < MR; ++i) {
#pragma GCC unroll 2
    for (size_t v = 0; v < NV; ++v) acc[i][v] = _mm512_setzero_ps();
  }
  for (size_t p = 0; p < kc; ++p) {
    // Prefetch the B row 8 steps ahead (B panels stream from L2; A's micro-panel stays in L1).
    _mm_prefetch(reinterpret_cast<const char*>(b + 8 * NR), _MM_HINT_T0);
    _mm_prefetch(reinterpret_cast<const char*>(b + 8 * NR + 16), _MM_HINT_T0);
    const __m512 b0 = _mm512_load_ps(b), b1 = _mm512_load_ps(b + 16);
#pragma GCC unroll 14
    for (size_t i = 0; i < MR; ++i) {
      const __m512 ai = _mm512_set1_ps(a[i]);
      acc[i][0] = _mm512_fmadd_ps(ai, b0, acc[i][0]);
      acc[i][1] = _mm512_fmadd_ps(ai, b1, acc[i][1]);
    }
    a += MR;
    b += NR;
  }
  const __m512 va = _mm512_set1_ps(alpha);
  if (beta == 0.0f) {
#pragma GCC unroll 14
    for (size_t i = 0; i < MR; ++i) {
      _mm512_storeu_ps(c + i * ldc, _mm512_mul_ps(va, acc[i][0]));
      _mm512_storeu_ps(c + i * ldc + 16, _mm512_mul_ps(va, acc[i][1]));
    }
  } else {
    const __m512 vb = _mm512_set1_ps(beta);
#pragma GCC unroll 14
    for (size_t i = 0; i < MR; ++i) {
      float* ci = c + i * ldc;
      _mm512_storeu_ps(ci, _mm512_fmadd_ps(vb, _mm512_loadu_ps(ci), _mm512_mul_ps(va, acc[i][0])));
      _mm512_storeu_ps(ci + 16, _mm512_fmadd_ps(vb, _mm512_loadu_ps(ci + 16), _mm512_mul_ps(va, acc[i][1])));
    }
  }
}

}  // namespace nnkit
#endif
