// fp32 → bf16 pair words with AVX512_BF16: vcvtne2ps2bf16 rounds 32 values to nearest even at once. Where the two
// values of a pair sit in two source rows, one vpermw interleaves them; where they are adjacent in a lane's row, the
// conversion gives that lane's words in order and a 16 × 16 transpose turns 16 lanes into 16 panel rows. From bf16
// sources the same loops load 16-bit values instead: two rows' lanes widened and merged, or a lane's 32 values
// (a masked load, so odd k and any alignment or leading dimension need no special case) as its 16 words.
#include "bf16_pairs.h"

#if defined(__x86_64__) || defined(_M_X64)
#include <immintrin.h>

#include <cstdint>

#include "target.h"

// GCC 12 sees the _mm512_undefined_epi32() inside its _mm512_unpack*_epi32/64 as maybe-uninitialized (a false
// positive of the intrinsic headers, not of this code).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

NNKIT_TARGET_BEGIN("avx512f,avx512vl,avx512bw,avx512bf16")
namespace nnkit {
namespace {

inline __mmask16 mask_below(size_t n) { return n >= 16 ? 0xFFFF : static_cast<__mmask16>((1u << n) - 1); }

// 16 × 16 transpose of 32-bit elements: r[i] element j ↔ r[j] element i (unpack 32, unpack 64, two lane shuffles).
inline void transpose16(__m512i r[16]) {
  __m512i t[16];
  for (int i = 0; i < 16; i += 2) {
    t[i] = _mm512_unpacklo_epi32(r[i], r[i + 1]);
    t[i + 1] = _mm512_unpackhi_epi32(r[i], r[i + 1]);
  }
  for (int i = 0; i < 16; i += 4) {  // r[i + c], 128-bit lane j: rows i..i+3 of column 4j + c
    r[i] = _mm512_unpacklo_epi64(t[i], t[i + 2]);
    r[i + 1] = _mm512_unpackhi_epi64(t[i], t[i + 2]);
    r[i + 2] = _mm512_unpacklo_epi64(t[i + 1], t[i + 3]);
    r[i + 3] = _mm512_unpackhi_epi64(t[i + 1], t[i + 3]);
  }
  for (int c = 0; c < 4; ++c) {  // column 4j + c gathers lane j of r[c], r[4 + c], r[8 + c], r[12 + c]
    const __m512i x0 = _mm512_shuffle_i32x4(r[c], r[4 + c], 0x44), x1 = _mm512_shuffle_i32x4(r[c], r[4 + c], 0xEE);
    const __m512i y0 = _mm512_shuffle_i32x4(r[8 + c], r[12 + c], 0x44);
    const __m512i y1 = _mm512_shuffle_i32x4(r[8 + c], r[12 + c], 0xEE);
    t[c] = _mm512_shuffle_i32x4(x0, y0, 0x88);
    t[4 + c] = _mm512_shuffle_i32x4(x0, y0, 0xDD);
    t[8 + c] = _mm512_shuffle_i32x4(x1, y1, 0x88);
    t[12 + c] = _mm512_shuffle_i32x4(x1, y1, 0xDD);
  }
  for (int i = 0; i < 16; ++i) r[i] = t[i];
}

// Lane row `row`'s pair words 0..15 from its next `rest` values (up to 32; the rest read as 0).
inline __m512i row_words(const float* row, size_t rest) {
  const __mmask16 lo = mask_below(rest), hi = rest > 16 ? mask_below(rest - 16) : 0;
  return reinterpret_cast<__m512i>(
      _mm512_cvtne2ps_pbh(_mm512_maskz_loadu_ps(hi, row + 16), _mm512_maskz_loadu_ps(lo, row)));
}
inline __m512i row_words(const uint16_t* row, size_t rest) {  // already bf16: the pairs are the words
  return _mm512_maskz_loadu_epi16(rest >= 32 ? ~__mmask32{0} : static_cast<__mmask32>((1u << rest) - 1), row);
}

// The pair words of 16 lanes from two rows (r1 null: a missing odd row, read as 0), lanes under mask `in`.
inline __m512i pair_words(const float* r0, const float* r1, __mmask16 in) {
  // After the conversion, 16-bit element j holds row 2q's lane j and element 16 + j row 2q+1's lane j.
  alignas(64) static const short kInterleave[32] = {0, 16, 1, 17, 2,  18, 3,  19, 4,  20, 5,  21, 6,  22, 7,  23,
                                                    8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31};
  const __m512 x0 = _mm512_maskz_loadu_ps(in, r0);
  const __m512 x1 = r1 ? _mm512_maskz_loadu_ps(in, r1) : _mm512_setzero_ps();
  const __m512i both = reinterpret_cast<__m512i>(_mm512_cvtne2ps_pbh(x1, x0));
  return _mm512_permutexvar_epi16(_mm512_load_si512(kInterleave), both);
}
inline __m512i pair_words(const uint16_t* r0, const uint16_t* r1, __mmask16 in) {
  const __m512i lo = _mm512_cvtepu16_epi32(_mm256_maskz_loadu_epi16(in, r0));
  if (!r1) return lo;
  return _mm512_or_si512(lo, _mm512_slli_epi32(_mm512_cvtepu16_epi32(_mm256_maskz_loadu_epi16(in, r1)), 16));
}

template <typename T>
void pairs_of_rows(size_t kc, size_t lanes, const T* src, size_t ld, size_t width, float* out) {
  const size_t words = (kc + 1) / 2;
  for (size_t l0 = 0; l0 < width; l0 += 16) {
    const size_t n = l0 < lanes ? (lanes - l0 < 16 ? lanes - l0 : 16) : 0;
    const __mmask16 store = mask_below(width - l0);
    for (size_t q0 = 0; q0 < words; q0 += 16) {
      // Row r: lane l0 + r's 32 values from k = 2·q0 (fewer at the end of k) as its 16 pair words.
      __m512i r[16];
      for (size_t i = 0; i < 16; ++i)
        r[i] = i < n ? row_words(src + (l0 + i) * ld + 2 * q0, kc - 2 * q0) : _mm512_setzero_si512();
      transpose16(r);  // r[q]: word q0 + q of lanes l0..l0+15
      const size_t nq = words - q0 < 16 ? words - q0 : 16;
      for (size_t q = 0; q < nq; ++q) _mm512_mask_storeu_epi32(out + (q0 + q) * width + l0, store, r[q]);
    }
  }
}

// Rows prefetched this far ahead: a block's rows (ld apart) defeat the hardware prefetcher, and at 1024³ the
// packing of B waited on L3 (perf: 5.2 % of the product without, 1.6 % with 8 rows ahead; 4 and 16 alike).
constexpr size_t kAheadRows = 8;
template <typename T>
void pairs(size_t rows, size_t lanes, const T* src, size_t ld, size_t width, float* out) {
  const size_t panel_words = (rows + 1) / 2 * width, panels = (lanes + width - 1) / width;
  // Row pair by row pair across all panels: the source is read in address order (rows ld apart read panel by
  // panel were 1.6× slower: 32 lanes of each of kc rows, a page or more apart), the rows kAheadRows on prefetched.
  for (size_t p = 0; p < rows; p += 2) {
    for (size_t r = p + kAheadRows; r < p + kAheadRows + 2 && r < rows; ++r)
      for (size_t off = 0; off < lanes * sizeof(T); off += 64)
        _mm_prefetch(reinterpret_cast<const char*>(src + r * ld) + off, _MM_HINT_T0);
    const T* r0 = src + p * ld;
    const T* r1 = p + 1 < rows ? r0 + ld : nullptr;
    for (size_t panel = 0; panel < panels; ++panel) {
      float* o = out + panel * panel_words + p / 2 * width;
      const size_t l0 = panel * width;
      for (size_t l = 0; l < width; l += 16) {
        const __mmask16 in = l0 + l < lanes ? mask_below(lanes - l0 - l) : 0, store = mask_below(width - l);
        const __m512i w = pair_words(r0 + l0 + l, r1 ? r1 + l0 + l : nullptr, in);
        _mm512_mask_storeu_epi32(o + l, store, w);
      }
    }
  }
}

}  // namespace

void bf16_pairs_of_rows__avx512bf16(size_t kc, size_t lanes, const float* src, size_t ld, size_t width, float* out) {
  pairs_of_rows(kc, lanes, src, ld, width, out);
}
void bf16_pairs_of_rows__avx512bf16(size_t kc, size_t lanes, const uint16_t* src, size_t ld, size_t width, float* out) {
  pairs_of_rows(kc, lanes, src, ld, width, out);
}
void bf16_pairs__avx512bf16(size_t rows, size_t lanes, const float* src, size_t ld, size_t width, float* out) {
  pairs(rows, lanes, src, ld, width, out);
}
void bf16_pairs__avx512bf16(size_t rows, size_t lanes, const uint16_t* src, size_t ld, size_t width, float* out) {
  pairs(rows, lanes, src, ld, width, out);
}

}  // namespace nnkit
NNKIT_TARGET_END
#endif
