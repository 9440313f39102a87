// AVX-512 2 × 2 / stride-2 max-pool row (contract in pool2d_f32.h): 16 outputs per step from two 32-float loads
// of each input row, split into even and odd columns (vpermt2ps), then three strict compares in tap order carry
// the value and its index (a mask blend each), so the first maximum wins as in the reference.
#include "pool2d_f32.h"

#include "cpu.h"

#if defined(__x86_64__) || defined(_M_X64)
#include <immintrin.h>
#define NNKIT_TARGET_AVX512 __attribute__((target("avx512f,avx512vl,avx512bw,avx512dq,fma,avx2")))

namespace nnkit {
namespace {

NNKIT_TARGET_AVX512 inline __mmask16 below(size_t n) {
  return n >= 16 ? 0xFFFF : static_cast<__mmask16>((1u << n) - 1);
}

// Columns 2·ow (even) and 2·ow + 1 (odd) of 16 outputs from r (2·n ≤ 32 floats read, masked).
NNKIT_TARGET_AVX512 inline void split(const float* r, size_t n, __m512* even, __m512* odd) {
  const __m512 lo = _mm512_maskz_loadu_ps(below(2 * n), r);
  const __m512 hi = _mm512_maskz_loadu_ps(below(2 * n > 16 ? 2 * n - 16 : 0), r + 16);
  const __m512i ev = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
  *even = _mm512_permutex2var_ps(lo, ev, hi);
  *odd = _mm512_permutex2var_ps(lo, _mm512_add_epi32(ev, _mm512_set1_epi32(1)), hi);
}

NNKIT_TARGET_AVX512 bool max_pool2x2_row_f32__avx512(size_t count, const float* r0, const float* r1, int32_t i0,
                                                     int32_t i1, float* y, int32_t* at) {
  const __m512i two_ow = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
  __mmask16 nan = 0;
  for (size_t ow = 0; ow < count; ow += 16) {
    const size_t n = count - ow < 16 ? count - ow : 16;
    const __mmask16 m = below(n);
    __m512 v[4];
    split(r0 + 2 * ow, n, &v[0], &v[1]);
    split(r1 + 2 * ow, n, &v[2], &v[3]);
    const __m512i col = _mm512_add_epi32(two_ow, _mm512_set1_epi32(static_cast<int32_t>(2 * ow)));
    const __m512i idx[4] = {
        _mm512_add_epi32(col, _mm512_set1_epi32(i0)), _mm512_add_epi32(col, _mm512_set1_epi32(i0 + 1)),
        _mm512_add_epi32(col, _mm512_set1_epi32(i1)), _mm512_add_epi32(col, _mm512_set1_epi32(i1 + 1))};
    __m512 best = v[0];
    __m512i where = idx[0];
    nan |= _mm512_cmp_ps_mask(v[0], v[0], _CMP_UNORD_Q);
    for (int t = 1; t < 4; ++t) {
      const __mmask16 greater = _mm512_cmp_ps_mask(v[t], best, _CMP_GT_OQ);
      best = _mm512_mask_blend_ps(greater, best, v[t]);
      where = _mm512_mask_blend_epi32(greater, where, idx[t]);
      nan |= _mm512_cmp_ps_mask(v[t], v[t], _CMP_UNORD_Q);
    }
    _mm512_mask_storeu_ps(y + ow, m, best);
    _mm512_mask_storeu_epi32(at + ow, m, where);
  }
  return nan == 0;
}

}  // namespace

MaxPool2x2RowF32 max_pool2x2_row_f32() {
  static const MaxPool2x2RowF32 chosen = simd_allows(SimdLevel::avx512) ? max_pool2x2_row_f32__avx512 : nullptr;
  return chosen;
}

}  // namespace nnkit
#else
namespace nnkit {
MaxPool2x2RowF32 max_pool2x2_row_f32() { return nullptr; }
}  // namespace nnkit
#endif
