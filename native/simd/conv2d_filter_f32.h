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

}  // namespace nnkit
