// fp32 → bf16 pair words with AVX512_BF16: vcvtne2ps2bf16 rounds 32 values to nearest even at once; where the two
// values of a pair sit in two source rows, one vpermw interleaves them.
#include "bf16_pairs.h"

#if defined(__x86_64__) || defined(_M_X64)
#include <immintrin.h>

#include "target.h"

NNKIT_TARGET_BEGIN("avx512f,avx512vl,avx512bw,avx512bf16")
namespace nnkit {
namespace {

inline __mmask16 mask_below(size_t n) { return n >= 16 ? 0xFFFF : static_cast<__mmask16>((1u << n) - 1); }

}  // namespace

void bf16_pairs__avx512bf16(size_t rows, size_t lanes, const float* src, size_t ld, size_t width, float* out) {
  // After the conversion, 16-bit element j holds row 2q's lane j and element 16 + j row 2q+1's lane j.
  alignas(64) static const short kInterleave[32] = {0, 16, 1, 17, 2,  18, 3,  19, 4,  20, 5,  21, 6,  22, 7,  23,
                                                    8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31};
  const __m512i interleave = _mm512_load_si512(kInterleave);
  for (size_t p = 0; p < rows; p += 2) {
    const float* r0 = src + p * ld;
    const float* r1 = r0 + ld;
    float* o = out + p / 2 * width;
    for (size_t l = 0; l < width; l += 16) {
      const __mmask16 in = l < lanes ? mask_below(lanes - l) : 0, store = mask_below(width - l);
      const __m512 x0 = _mm512_maskz_loadu_ps(in, r0 + l);
      const __m512 x1 = p + 1 < rows ? _mm512_maskz_loadu_ps(in, r1 + l) : _mm512_setzero_ps();
      const __m512i both = reinterpret_cast<__m512i>(_mm512_cvtne2ps_pbh(x1, x0));
      _mm512_mask_storeu_ps(o + l, store, _mm512_castsi512_ps(_mm512_permutexvar_epi16(interleave, both)));
    }
  }
}

void bf16_row_pairs__avx512bf16(size_t n, const float* src, float* out) {
  // cvtne2ps2bf16(hi, lo) puts lo's 16 values in elements 0..15: word q is then (src[2q], src[2q + 1]).
  size_t i = 0;
  for (; i + 32 <= n; i += 32)
    _mm512_storeu_si512(out + i / 2, reinterpret_cast<__m512i>(
                                         _mm512_cvtne2ps_pbh(_mm512_loadu_ps(src + i + 16), _mm512_loadu_ps(src + i))));
  if (i < n) {
    const size_t rest = n - i;
    const __m512 lo = _mm512_maskz_loadu_ps(mask_below(rest), src + i);
    const __m512 hi = rest > 16 ? _mm512_maskz_loadu_ps(mask_below(rest - 16), src + i + 16) : _mm512_setzero_ps();
    const __m512i words = reinterpret_cast<__m512i>(_mm512_cvtne2ps_pbh(hi, lo));
    _mm512_mask_storeu_epi32(out + i / 2, mask_below((rest + 1) / 2), words);
  }
}

}  // namespace nnkit
NNKIT_TARGET_END
#endif
