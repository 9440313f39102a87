// Backward filter of a stride-1 convolution as dot products over the pixels (kernels/conv2d.cc): for up to 4
// output channels o and up to 6 taps t,
//   dw[o·ldw + t] += Σ_{s < samples} Σ_{r < rows} Σ_{q < cols} dy_s[o·plane + r·cols + q] · x_s[off[t] + r·wp + q]
// x_s: sample s's zero-padded image (at pixel (0, 0)'s tap (0, 0); rows wp apart), off[t]: tap t's offset in it
// (conv2d_rows_f32.h), dy_s: the sample's output gradient [OC, rows·cols] at channel o = 0 of the tile (plane =
// rows·cols). Both operands are contiguous along an output row, so neither is packed or transposed (the GEMM's dW
// transposes both); the vector accumulators (16 pixels each, a row's tail masked) are reduced once per call, so
// the caller passes several samples. Used for small K (conv2d.cc: kFilterDotsMaxK), where the GEMM's dW has too few
// columns. Only an AVX-512 variant exists: other ISAs keep the GEMM path.
#pragma once
#include <cstddef>

namespace nnkit {

constexpr size_t kFilterDotsChans = 4, kFilterDotsTaps = 6;

using Conv2dFilterDotsF32 = void (*)(size_t chans, size_t taps, size_t samples, const float* const* x,
                                     const float* const* dy, const size_t* off, size_t rows, size_t cols, size_t wp,
                                     size_t plane, float* dw, size_t ldw);

// The variant simd_level() allows, or null.
Conv2dFilterDotsF32 conv2d_filter_dots_f32();

// The same sums for larger K as a register tile over channel-last copies (kernels/conv2d.cc: per sample, dyᵀ
// [OH·OW, OC] and the padded image xt [hp, wp, C]), for one tap: up to 14 output channels o × 32 input channels c,
//   dwt[o·ldc + c] += Σ_{s < samples} Σ_{r < rows} Σ_{q < cols} d_s[(r·cols + q)·ldd + o] · x_s[(r·wp + q)·ldx + c]
// d_s: dyᵀ of sample s at channel o0; x_s: xt of sample s at the tap's shift and channel c0. The micro-kernel of
// simd/gemm_f32_14x32__avx512.cc with both operands read in place: 14 broadcasts of dyᵀ, 2 vectors of xt (the
// channels past n masked) per pixel, 28 FMAs.
constexpr size_t kFilterTileRows = 14, kFilterTileCols = 32;

using Conv2dFilterTileF32 = void (*)(size_t m, size_t n, size_t samples, const float* const* d, size_t ldd,
                                     const float* const* x, size_t ldx, size_t rows, size_t cols, size_t wp, float* dwt,
                                     size_t ldc);

Conv2dFilterTileF32 conv2d_filter_tile_f32();

}  // namespace nnkit
