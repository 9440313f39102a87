// AVX-512 implicit-GEMM convolution tile (contract in conv2d_rows_f32.h): the 14 × 32 register tile of
// simd/gemm_f32_14x32__avx512.cc (28 accumulators, 2 weight vectors, 1 broadcast) with the A operand broadcast
// straight from the padded image through the tap offset table, then each 16 × 16 half transposed in registers
// (unpack, shuffle, 2 × shuffle_f32x4) so every output channel's 14 pixels leave as one masked store.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"  // GCC bug 105593, as in f32_ukernels__avx512.cc
#pragma GCC diagnostic ignored "-Wuninitialized"        // the same bug, inside the unpack/shuffle intrinsics
#endif
#include "conv2d_rows_f32.h"

#include "cpu.h"

#if defined(__x86_64__) || defined(_M_X64)
#include <immintrin.h>
#define NNKIT_TARGET_AVX512 __attribute__((target("avx512f,avx512vl,avx512bw,avx512dq,fma,avx2")))

namespace nnkit {
namespace {

// r[0..15] ← its transpose (r[c] lane i ← old r[i] lane c).
NNKIT_TARGET_AVX512 inline void transpose16(__m512 r[16]) {
  __m512 t[16];
  for (int i = 0; i < 16; i += 2) {
    t[i] = _mm512_unpacklo_ps(r[i], r[i + 1]);
    t[i + 1] = _mm512_unpackhi_ps(r[i], r[i + 1]);
  }
  for (int i = 0; i < 16; i += 4) {
    r[i] = _mm512_shuffle_ps(t[i], t[i + 2], 0x44);
    r[i + 1] = _mm512_shuffle_ps(t[i], t[i + 2], 0xEE);
    r[i + 2] = _mm512_shuffle_ps(t[i + 1], t[i + 3], 0x44);
    r[i + 3] = _mm512_shuffle_ps(t[i + 1], t[i + 3], 0xEE);
  }
  for (int i = 0; i < 4; ++i) {
    t[i] = _mm512_shuffle_f32x4(r[i], r[i + 4], 0x88);
    t[i + 4] = _mm512_shuffle_f32x4(r[i], r[i + 4], 0xDD);
    t[i + 8] = _mm512_shuffle_f32x4(r[i + 8], r[i + 12], 0x88);
    t[i + 12] = _mm512_shuffle_f32x4(r[i + 8], r[i + 12], 0xDD);
  }
  for (int i = 0; i < 8; ++i) {
    r[i] = _mm512_shuffle_f32x4(t[i], t[i + 8], 0x88);
    r[i + 8] = _mm512_shuffle_f32x4(t[i], t[i + 8], 0xDD);
  }
}

// Rows pixels × Cols vectors of 16 channels; `cols` ≤ 16·Cols channels stored.
template <size_t Rows, size_t Cols>
NNKIT_TARGET_AVX512 void tile(size_t cols, size_t k, const float* x, const size_t* off, const float* w,
                              const float* bias, float* y, size_t ldy) {
  __m512 acc[Rows][Cols];
#pragma GCC unroll 14
  for (size_t i = 0; i < Rows; ++i)
    for (size_t j = 0; j < Cols; ++j) acc[i][j] = _mm512_setzero_ps();
  for (size_t p = 0; p < k; ++p) {
    _mm_prefetch(reinterpret_cast<const char*>(w + 8 * kConvColsTile), _MM_HINT_T0);
    if (Cols == 2) _mm_prefetch(reinterpret_cast<const char*>(w + 8 * kConvColsTile + 16), _MM_HINT_T0);
    __m512 wv[Cols];
    for (size_t j = 0; j < Cols; ++j) wv[j] = _mm512_loadu_ps(w + 16 * j);
    const float* xp = x + off[p];
#pragma GCC unroll 14
    for (size_t i = 0; i < Rows; ++i) {
      const __m512 xi = _mm512_set1_ps(xp[i]);
      for (size_t j = 0; j < Cols; ++j) acc[i][j] = _mm512_fmadd_ps(xi, wv[j], acc[i][j]);
    }
    w += kConvColsTile;
  }
  const __mmask16 rows_mask = static_cast<__mmask16>((1u << Rows) - 1);
  for (size_t j = 0; j < Cols; ++j) {
    __m512 r[16];
    for (size_t i = 0; i < 16; ++i) r[i] = i < Rows ? acc[i][j] : _mm512_setzero_ps();
    transpose16(r);
    const size_t n = cols - 16 * j < 16 ? cols - 16 * j : 16;
    for (size_t c = 0; c < n; ++c) {
      const size_t o = 16 * j + c;
      const __m512 v = bias != nullptr ? _mm512_add_ps(r[c], _mm512_set1_ps(bias[o])) : r[c];
      _mm512_mask_storeu_ps(y + o * ldy, rows_mask, v);
    }
  }
}

template <size_t Cols, size_t... Rows>
struct RowsTable {
  using Fn = void (*)(size_t, size_t, const float*, const size_t*, const float*, const float*, float*, size_t);
  static constexpr Fn fns[] = {tile<Rows, Cols>...};
};

NNKIT_TARGET_AVX512 void conv2d_rows_f32__avx512(size_t rows, size_t cols, size_t k, const float* x, const size_t* off,
                                                 const float* w, const float* bias, float* y, size_t ldy) {
  using Full = RowsTable<2, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14>;
  using Half = RowsTable<1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14>;
  (cols <= 16 ? Half::fns : Full::fns)[rows - 1](cols, k, x, off, w, bias, y, ldy);
}

}  // namespace

Conv2dRowsF32 conv2d_rows_f32() {
  static const Conv2dRowsF32 chosen = simd_allows(SimdLevel::avx512) ? conv2d_rows_f32__avx512 : nullptr;
  return chosen;
}

}  // namespace nnkit
#else
namespace nnkit {
Conv2dRowsF32 conv2d_rows_f32() { return nullptr; }
}  // namespace nnkit
#endif
