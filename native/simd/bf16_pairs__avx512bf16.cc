// fp32 panel rows → bf16 pair words with AVX512_BF16 (vcvtne2ps2bf16 rounds 32 values to nearest even, then one
// vpermw interleaves the two rows): out[q·width + l] = bf16(panel[2q][l]) | bf16(panel[2q+1][l]) << 16.
#include "bf16_pairs.h"

#if defined(__x86_64__) || defined(_M_X64)
#include <immintrin.h>

#include "target.h"

NNKIT_TARGET_BEGIN("avx512f,avx512vl,avx512bw,avx512bf16")
namespace nnkit {

void bf16_pairs__avx512bf16(size_t rows, size_t width, const float* panel, float* out) {
  // After the conversion, 16-bit element j holds row 2q's lane j and element 16 + j row 2q+1's lane j.
  alignas(64) static const short kInterleave[32] = {0, 16, 1, 17, 2,  18, 3,  19, 4,  20, 5,  21, 6,  22, 7,  23,
                                                    8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31};
  const __m512i interleave = _mm512_load_si512(kInterleave);
  for (size_t p = 0; p < rows; p += 2) {
    const float* r0 = panel + p * width;
    const float* r1 = r0 + width;
    float* o = out + p / 2 * width;
    for (size_t l = 0; l < width; l += 16) {
      const __mmask16 m = width - l >= 16 ? 0xFFFF : static_cast<__mmask16>((1u << (width - l)) - 1);
      const __m512 x0 = _mm512_maskz_loadu_ps(m, r0 + l);
      const __m512 x1 = p + 1 < rows ? _mm512_maskz_loadu_ps(m, r1 + l) : _mm512_setzero_ps();
      const __m512i both = reinterpret_cast<__m512i>(_mm512_cvtne2ps_pbh(x1, x0));
      _mm512_mask_storeu_ps(o + l, m, _mm512_castsi512_ps(_mm512_permutexvar_epi16(interleave, both)));
    }
  }
}

}  // namespace nnkit
NNKIT_TARGET_END
#endif
