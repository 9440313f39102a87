// AVX-512 backward-filter dot products (contract in conv2d_filter_f32.h): a 4 channels × 6 taps block of 24
// accumulators, per 16 pixels 4 + 6 masked loads feeding 24 FMAs (FMA-bound), one horizontal sum per
// accumulator at the end of the call.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"  // GCC bug 105593, as in f32_ukernels__avx512.cc
#pragma GCC diagnostic ignored "-Wuninitialized"        // the same bug, inside _mm512_reduce_add_ps
#endif
#include "conv2d_filter_f32.h"

#include "cpu.h"

#if defined(__x86_64__) || defined(_M_X64)
#include <immintrin.h>
#define NNKIT_TARGET_AVX512 __attribute__((target("avx512f,avx512vl,avx512bw,avx512dq,fma,avx2")))

namespace nnkit {
namespace {

template <size_t O, size_t T>
NNKIT_TARGET_AVX512 void dots(size_t samples, const float* const* xs, const float* const* dys, const size_t* off,
                              size_t rows, size_t cols, size_t wp, size_t plane, float* dw, size_t ldw) {
  __m512 acc[O][T];
#pragma GCC unroll 4
  for (size_t o = 0; o < O; ++o)
#pragma GCC unroll 6
    for (size_t t = 0; t < T; ++t) acc[o][t] = _mm512_setzero_ps();
  for (size_t s = 0; s < samples; ++s)
    for (size_t r = 0; r < rows; ++r) {
      const float* xr = xs[s] + r * wp;
      const float* dr = dys[s] + r * cols;
      for (size_t q = 0; q < cols; q += 16) {
        const __mmask16 m = cols - q >= 16 ? 0xFFFF : static_cast<__mmask16>((1u << (cols - q)) - 1);
        __m512 dv[O];
#pragma GCC unroll 4
        for (size_t o = 0; o < O; ++o) dv[o] = _mm512_maskz_loadu_ps(m, dr + o * plane + q);
#pragma GCC unroll 6
        for (size_t t = 0; t < T; ++t) {
          const __m512 xv = _mm512_maskz_loadu_ps(m, xr + off[t] + q);
#pragma GCC unroll 4
          for (size_t o = 0; o < O; ++o) acc[o][t] = _mm512_fmadd_ps(dv[o], xv, acc[o][t]);
        }
      }
    }
#pragma GCC unroll 4
  for (size_t o = 0; o < O; ++o)
#pragma GCC unroll 6
    for (size_t t = 0; t < T; ++t) dw[o * ldw + t] += _mm512_reduce_add_ps(acc[o][t]);
}

using DotsFn = void (*)(size_t, const float* const*, const float* const*, const size_t*, size_t, size_t, size_t, size_t,
                        float*, size_t);

template <size_t O, size_t... T>
struct TapsTable {
  static constexpr DotsFn fns[] = {dots<O, T>...};
};

template <size_t O>
using Taps = TapsTable<O, 1, 2, 3, 4, 5, 6>;

NNKIT_TARGET_AVX512 void conv2d_filter_dots_f32__avx512(size_t chans, size_t taps, size_t samples,
                                                        const float* const* x, const float* const* dy,
                                                        const size_t* off, size_t rows, size_t cols, size_t wp,
                                                        size_t plane, float* dw, size_t ldw) {
  static constexpr const DotsFn* by_chans[] = {Taps<1>::fns, Taps<2>::fns, Taps<3>::fns, Taps<4>::fns};
  by_chans[chans - 1][taps - 1](samples, x, dy, off, rows, cols, wp, plane, dw, ldw);
}

template <size_t Rows>
NNKIT_TARGET_AVX512 void filter_tile(size_t n, size_t samples, const float* const* ds, size_t ldd,
                                     const float* const* xs, size_t ldx, size_t rows, size_t cols, size_t wp,
                                     float* dwt, size_t ldc) {
  const __mmask16 m0 = n >= 16 ? 0xFFFF : static_cast<__mmask16>((1u << n) - 1);
  const __mmask16 m1 = n >= 32 ? 0xFFFF : n <= 16 ? 0 : static_cast<__mmask16>((1u << (n - 16)) - 1);
  __m512 acc[Rows][2];
#pragma GCC unroll 14
  for (size_t i = 0; i < Rows; ++i) acc[i][0] = acc[i][1] = _mm512_setzero_ps();
  for (size_t s = 0; s < samples; ++s)
    for (size_t r = 0; r < rows; ++r) {
      const float* a = ds[s] + r * cols * ldd;
      const float* b = xs[s] + r * wp * ldx;
      for (size_t q = 0; q < cols; ++q, a += ldd, b += ldx) {
        const __m512 b0 = _mm512_maskz_loadu_ps(m0, b), b1 = _mm512_maskz_loadu_ps(m1, b + 16);
#pragma GCC unroll 14
        for (size_t i = 0; i < Rows; ++i) {
          const __m512 ai = _mm512_set1_ps(a[i]);
          acc[i][0] = _mm512_fmadd_ps(ai, b0, acc[i][0]);
          acc[i][1] = _mm512_fmadd_ps(ai, b1, acc[i][1]);
        }
      }
    }
#pragma GCC unroll 14
  for (size_t i = 0; i < Rows; ++i) {
    float* c = dwt + i * ldc;
    _mm512_mask_storeu_ps(c, m0, _mm512_add_ps(_mm512_maskz_loadu_ps(m0, c), acc[i][0]));
    _mm512_mask_storeu_ps(c + 16, m1, _mm512_add_ps(_mm512_maskz_loadu_ps(m1, c + 16), acc[i][1]));
  }
}

using TileFn = void (*)(size_t, size_t, const float* const*, size_t, const float* const*, size_t, size_t, size_t,
                        size_t, float*, size_t);

template <size_t... Rows>
struct TileTable {
  static constexpr TileFn fns[] = {filter_tile<Rows>...};
};

NNKIT_TARGET_AVX512 void conv2d_filter_tile_f32__avx512(size_t m, size_t n, size_t samples, const float* const* d,
                                                        size_t ldd, const float* const* x, size_t ldx, size_t rows,
                                                        size_t cols, size_t wp, float* dwt, size_t ldc) {
  using Table = TileTable<1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14>;
  Table::fns[m - 1](n, samples, d, ldd, x, ldx, rows, cols, wp, dwt, ldc);
}

}  // namespace

Conv2dFilterTileF32 conv2d_filter_tile_f32() {
  static const Conv2dFilterTileF32 chosen = simd_allows(SimdLevel::avx512) ? conv2d_filter_tile_f32__avx512 : nullptr;
  return chosen;
}

Conv2dFilterDotsF32 conv2d_filter_dots_f32() {
  static const Conv2dFilterDotsF32 chosen = simd_allows(SimdLevel::avx512) ? conv2d_filter_dots_f32__avx512 : nullptr;
  return chosen;
}

}  // namespace nnkit
#else
namespace nnkit {
Conv2dFilterDotsF32 conv2d_filter_dots_f32() { return nullptr; }
Conv2dFilterTileF32 conv2d_filter_tile_f32() { return nullptr; }
}  // namespace nnkit
#endif
