// AVX-512 SGEMM micro-kernel, 14 × 32 tile: C[14,32] = alpha · Σ_p a[p,:]ᵀ b[p,:] + beta · C.
// Register budget: 28 zmm accumulators (14 rows × 2 vectors of 16) + 2 for the B row + 1 broadcast of A = 31 of
// 32. 28 independent FMA chains cover the FMA latency (4 cycles) × 2 FMA pipes with room to spare, and per k
// step the 2 B loads and 14 broadcasts feed 28 FMAs (BLIS skx uses the transposed 32 × 6/12 shape; the tall tile
// suits row-major C). Contract and packing: gemm_microkernels.h.
//
// The edge variant computes only the m ≤ 14 rows asked for (one instantiation per row count, so the 2-row tail
// of M = 128 costs 2/14 of a tile, not a whole one), with one vector per row when n ≤ 16, and stores the n ≤ 32
// columns with masked loads and stores: nothing outside the m × n corner of C is read or written.
#include "gemm_microkernels.h"

#if defined(__x86_64__) || defined(_M_X64)
#include <immintrin.h>
#define NNKIT_TARGET_AVX512 __attribute__((target("avx512f,avx512vl,avx512bw,avx512dq,fma,avx2")))

namespace nnkit {
namespace {

constexpr size_t MR = 14, NR = 32;

// Rows × 32 tile (Cols = 2 vectors) or Rows × 16 (Cols = 1: an edge of n ≤ 16 columns at half the FMAs, which
// for N = 784 = 24·32 + 16 makes the last column tile cost half a tile instead of a whole one: 2 threads split
// 24.5 tiles 12 / 12.5 instead of 12 / 13). a has stride MR per k step (the packed layout), c written under the
// column masks m0, m1. b advances by bs per k step: NR for a packed panel (aligned loads), or ldb when reading B in
// place (Direct: masked unaligned loads, so a narrow edge never reads past the end of B's row).
template <size_t Rows, bool Direct = false, size_t Cols = 2>
NNKIT_TARGET_AVX512 inline void tile(size_t kc, const float* a, const float* b, float* c, size_t ldc, float alpha,
                                     float beta, __mmask16 m0, __mmask16 m1, size_t bs = NR) {
  __m512 acc[Rows][Cols];
#pragma GCC unroll 14
  for (size_t i = 0; i < Rows; ++i)
    for (size_t j = 0; j < Cols; ++j) acc[i][j] = _mm512_setzero_ps();
  for (size_t p = 0; p < kc; ++p) {
    // Prefetch the B row 8 steps ahead (B panels stream from L2; A's micro-panel stays in L1).
    _mm_prefetch(reinterpret_cast<const char*>(b + 8 * bs), _MM_HINT_T0);
    if (Cols == 2) _mm_prefetch(reinterpret_cast<const char*>(b + 8 * bs + 16), _MM_HINT_T0);
    __m512 bv[Cols];
    bv[0] = Direct ? _mm512_maskz_loadu_ps(m0, b) : _mm512_load_ps(b);
    if (Cols == 2) bv[Cols - 1] = Direct ? _mm512_maskz_loadu_ps(m1, b + 16) : _mm512_load_ps(b + 16);
#pragma GCC unroll 14
    for (size_t i = 0; i < Rows; ++i) {
      const __m512 ai = _mm512_set1_ps(a[i]);
      for (size_t j = 0; j < Cols; ++j) acc[i][j] = _mm512_fmadd_ps(ai, bv[j], acc[i][j]);
    }
    a += MR;
    b += bs;
  }
  const __m512 va = _mm512_set1_ps(alpha);
  const __mmask16 mask[2] = {m0, m1};
  if (beta == 0.0f) {
#pragma GCC unroll 14
    for (size_t i = 0; i < Rows; ++i)
      for (size_t j = 0; j < Cols; ++j)
        _mm512_mask_storeu_ps(c + i * ldc + 16 * j, mask[j], _mm512_mul_ps(va, acc[i][j]));
  } else {
    const __m512 vb = _mm512_set1_ps(beta);
#pragma GCC unroll 14
    for (size_t i = 0; i < Rows; ++i) {
      float* ci = c + i * ldc;
      for (size_t j = 0; j < Cols; ++j) {
        const __m512 cj = _mm512_maskz_loadu_ps(mask[j], ci + 16 * j);
        _mm512_mask_storeu_ps(ci + 16 * j, mask[j], _mm512_fmadd_ps(vb, cj, _mm512_mul_ps(va, acc[i][j])));
      }
    }
  }
}

template <bool Direct, size_t Cols, size_t... Rows>
struct EdgeTable {
  using Fn = void (*)(size_t, const float*, const float*, float*, size_t, float, float, __mmask16, __mmask16, size_t);
  static constexpr Fn fns[] = {tile<Rows, Direct, Cols>...};
};

NNKIT_TARGET_AVX512 inline __mmask16 mask_below(size_t n) {
  return n >= 16 ? 0xFFFF : static_cast<__mmask16>((1u << n) - 1);
}

template <bool Direct>
NNKIT_TARGET_AVX512 inline void edge_tile(size_t m, size_t n, size_t kc, const float* a, const float* b, float* c,
                                          size_t ldc, float alpha, float beta, size_t bs) {
  using Full = EdgeTable<Direct, 2, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14>;
  using Half = EdgeTable<Direct, 1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14>;
  if (n <= 16) return Half::fns[m - 1](kc, a, b, c, ldc, alpha, beta, mask_below(n), 0, bs);
  Full::fns[m - 1](kc, a, b, c, ldc, alpha, beta, mask_below(n), mask_below(n - 16), bs);
}

}  // namespace

NNKIT_TARGET_AVX512 void gemm_f32_14x32__avx512(size_t kc, const float* a, const float* b, float* c, size_t ldc,
                                                float alpha, float beta) {
  tile<MR>(kc, a, b, c, ldc, alpha, beta, 0xFFFF, 0xFFFF);
}

NNKIT_TARGET_AVX512 void gemm_f32_14x32__avx512_edge(size_t m, size_t n, size_t kc, const float* a, const float* b,
                                                     float* c, size_t ldc, float alpha, float beta) {
  edge_tile<false>(m, n, kc, a, b, c, ldc, alpha, beta, NR);
}

NNKIT_TARGET_AVX512 void gemm_f32_14x32__avx512_direct(size_t m, size_t n, size_t kc, const float* a, const float* b,
                                                       size_t ldb, float* c, size_t ldc, float alpha, float beta) {
  edge_tile<true>(m, n, kc, a, b, c, ldc, alpha, beta, ldb);
}

}  // namespace nnkit
#endif
