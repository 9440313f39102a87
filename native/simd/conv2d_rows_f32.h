// Implicit-GEMM tile of a stride-1 convolution's forward (kernels/conv2d.cc), pixels as the tile's rows: for up to
// 14 consecutive output pixels of one output row and up to 32 output channels,
//   y[o·ldy + i] = bias[o] + Σ_p x[off[p] + i] · w[p·32 + o]        i < rows ≤ 14, o < cols ≤ 32, p < k
// x: the zero-padded image at the tile's first pixel (tap (0, 0)); off[p]: tap p = (c, i, j)'s offset in it
// (c·hp·wp + i·dh·wp + j·dw); w: a packed panel of Wᵀ (gemm_pack_b layout: 32 channels per k step, zero past the
// last channel); bias may be null. The micro-kernel's broadcasts read the image itself, so no column matrix is
// built, every tile is whole along the output row (14 pixels) and nothing is computed for padding columns; the
// 14 × 32 accumulator tile is transposed in registers into NCHW rows of y (ldy apart). Nothing outside y's
// cols × rows corner is written. Only an AVX-512 variant exists: other ISAs keep the wide-grid GEMM path.
#pragma once
#include <cstddef>

namespace nnkit {

constexpr size_t kConvRowsTile = 14, kConvColsTile = 32;

using Conv2dRowsF32 = void (*)(size_t rows, size_t cols, size_t k, const float* x, const size_t* off, const float* w,
                               const float* bias, float* y, size_t ldy);

// The variant simd_level() allows, or null (then the caller takes the GEMM path).
Conv2dRowsF32 conv2d_rows_f32();

}  // namespace nnkit
