// AVX512_BF16 GEMM micro-kernel, 14 × 32 tile, bf16 inputs with fp32 accumulation:
//   C[14,32] = alpha · Σ_q a[q,:]ᵀ ⊙ b[q,:] + beta · C,  over q < ⌈kc/2⌉ pairs of k.
// a and b are packed panels of 32-bit words, each a bf16 pair (k = 2q in the low half, 2q + 1 in the high half;
// gemm_pack_bf16.h): 14 words per q for A, 32 for B. vdpbf16ps multiplies the pairs exactly and adds both
// products to the fp32 lane (denormal inputs and results flushed to zero), so one instruction does the work of
// two FMAs: the register budget and tile are the fp32 kernel's (gemm_f32_14x32__avx512.cc: 28 accumulators, 2 B
// vectors, 1 broadcast), at half the instructions per k. Contract: gemm_microkernels.h, with "kc" still counted in
// k values. The edge variant computes only the m ≤ 14 rows asked for and stores n ≤ 32 columns under masks.
#include "gemm_bf16_microkernels.h"

#if defined(__x86_64__) || defined(_M_X64)
#include <immintrin.h>

#include "target.h"

NNKIT_TARGET_BEGIN("avx512f,avx512vl,avx512bw,avx512dq,avx512bf16,fma,avx2")
namespace nnkit {
namespace {

constexpr size_t MR = 14, NR = 32;

inline __m512bh as_bf16(__m512 words) { return reinterpret_cast<__m512bh>(words); }

// Accumulator sets for a Rows × Cols tile: vdpbf16ps's latency needs ~12 independent sums to keep both pipes busy
// (the full 14 × 2 tile has 28), so a narrow edge tile (the 2 rows left of M = 128 = 9·14 + 2) sums alternate k
// pairs into separate sets, added at the end; latency-bound with one set, the 2 × 32 edge took 3.9 % of the
// 128 × 784 × 512 product for 1.6 % of its work (perf).
constexpr size_t sets_for(size_t accumulators) {
  return accumulators >= 12 ? 1 : accumulators >= 6 ? 2 : accumulators >= 4 ? 3 : 4;
}

// Rows × 32 (Cols = 2 vectors) or Rows × 16 (Cols = 1, an edge of n ≤ 16 columns at half the work); c written
// under the column masks m0, m1.
template <size_t Rows, size_t Cols = 2>
inline void tile(size_t kc, const float* a, const float* b, float* c, size_t ldc, float alpha, float beta, __mmask16 m0,
                 __mmask16 m1) {
  constexpr size_t S = sets_for(Rows * Cols);
  __m512 acc[S][Rows][Cols];
  for (size_t s = 0; s < S; ++s)
#pragma GCC unroll 14
    for (size_t i = 0; i < Rows; ++i)
      for (size_t j = 0; j < Cols; ++j) acc[s][i][j] = _mm512_setzero_ps();
  // One k pair into accumulator set s.
  auto pair = [&](size_t s) {
    _mm_prefetch(reinterpret_cast<const char*>(b + 8 * NR), _MM_HINT_T0);
    if (Cols == 2) _mm_prefetch(reinterpret_cast<const char*>(b + 8 * NR + 16), _MM_HINT_T0);
    __m512bh bv[Cols];
    bv[0] = as_bf16(_mm512_load_ps(b));
    if (Cols == 2) bv[Cols - 1] = as_bf16(_mm512_load_ps(b + 16));
#pragma GCC unroll 14
    for (size_t i = 0; i < Rows; ++i) {
      const __m512bh ai = as_bf16(_mm512_set1_ps(a[i]));  // the pair of row i, broadcast as a 32-bit word
      for (size_t j = 0; j < Cols; ++j) acc[s][i][j] = _mm512_dpbf16_ps(acc[s][i][j], ai, bv[j]);
    }
    a += MR;
    b += NR;
  };
  const size_t pairs = (kc + 1) / 2;
  size_t q = 0;
  for (; q + S <= pairs; q += S)
#pragma GCC unroll 4
    for (size_t s = 0; s < S; ++s) pair(s);
  for (; q < pairs; ++q) pair(0);
  for (size_t s = 1; s < S; ++s)
#pragma GCC unroll 14
    for (size_t i = 0; i < Rows; ++i)
      for (size_t j = 0; j < Cols; ++j) acc[0][i][j] = _mm512_add_ps(acc[0][i][j], acc[s][i][j]);
  const __m512 va = _mm512_set1_ps(alpha);
  const __mmask16 mask[2] = {m0, m1};
  if (beta == 0.0f) {
#pragma GCC unroll 14
    for (size_t i = 0; i < Rows; ++i)
      for (size_t j = 0; j < Cols; ++j)
        _mm512_mask_storeu_ps(c + i * ldc + 16 * j, mask[j], _mm512_mul_ps(va, acc[0][i][j]));
    return;
  }
  const __m512 vb = _mm512_set1_ps(beta);
#pragma GCC unroll 14
  for (size_t i = 0; i < Rows; ++i)
    for (size_t j = 0; j < Cols; ++j) {
      float* cij = c + i * ldc + 16 * j;
      const __m512 old = _mm512_maskz_loadu_ps(mask[j], cij);
      _mm512_mask_storeu_ps(cij, mask[j], _mm512_fmadd_ps(vb, old, _mm512_mul_ps(va, acc[0][i][j])));
    }
}

template <size_t Cols, size_t... Rows>
struct EdgeTable {
  using Fn = void (*)(size_t, const float*, const float*, float*, size_t, float, float, __mmask16, __mmask16);
  static constexpr Fn fns[] = {tile<Rows, Cols>...};
};

inline __mmask16 mask_below(size_t n) { return n >= 16 ? 0xFFFF : static_cast<__mmask16>((1u << n) - 1); }

}  // namespace

void gemm_bf16_14x32__avx512bf16(size_t kc, const float* a, const float* b, float* c, size_t ldc, float alpha,
                                 float beta) {
  tile<MR>(kc, a, b, c, ldc, alpha, beta, 0xFFFF, 0xFFFF);
}

void gemm_bf16_14x32__avx512bf16_edge(size_t m, size_t n, size_t kc, const float* a, const float* b, float* c,
                                      size_t ldc, float alpha, float beta) {
  using Full = EdgeTable<2, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14>;
  using Half = EdgeTable<1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14>;
  if (n <= 16) return Half::fns[m - 1](kc, a, b, c, ldc, alpha, beta, mask_below(n), 0);
  Full::fns[m - 1](kc, a, b, c, ldc, alpha, beta, mask_below(n), mask_below(n - 16));
}

}  // namespace nnkit
NNKIT_TARGET_END
#endif
