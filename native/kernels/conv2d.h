// 2-D convolution (cross-correlation, groups = 1; PyTorch nn.Conv2d) through the SGEMM, per sample n:
//   forward:         y_n [OC, OH·OW] = W [OC, K] · col + b,   K = C·kh·kw, col [K, OH·OW] = im2col(x_n)
//   backward data:   dx_n = col2im(Wᵀ · dy_n)           (col2im adds every entry back to its pixel; dx overwritten)
//   backward filter: dW += Σ_n dy_n · colᵀ,  db += Σ_{n,oh,ow} dy   (accumulate)
// col row (c·kh + i)·kw + j holds tap (i, j) of channel c (0 in padding).
// Stride 1 runs on the "wide" grid instead of im2col: x_n is copied once into a zero-padded image [C, H + 2ph,
// W + 2pw], each col row is then one contiguous run of it (one copy of OH·(W + 2pw) floats, where im2col copies
// OH runs of OW with padding checks), and the GEMM computes OW + dw·(kw − 1) columns per output row of which the
// last dw·(kw − 1) are dropped (dy widened with zero columns for the backward passes; so an inf in x or W can come
// out as NaN where the reference has inf). Backward data at stride 1 adds each dcol row back onto its run of a
// zeroed padded image (the SIMD axpy) instead of col2im's scatter. A 1×1 kernel with stride 1 and no padding
// reads x_n as col. Forward at stride 1 where the implicit tile exists (simd/conv2d_rows_f32.h, AVX-512) builds no
// col at all: the tile reads the padded image through a tap offset table, 14 pixels of an output row × 32 output
// channels at a time, with the output rows (n, oh) split over the pool; so does backward data at stride 1 as the
// forward convolution of dy by the flipped kernel (when ph ≤ dh·(kh − 1), pw likewise, and C ≥ 16), and backward
// filter at stride 1 runs dot products along the output rows for K < 64 and a per-tap register tile on
// channel-last copies of x_n and dy_n otherwise (simd/conv2d_filter_f32.h).
// x [N, C, H, W], W [OC, C, kh, kw], y [N, OC, OH, OW]. Samples are split over the thread pool (parallel_ranges;
// each range its own scratch and a single-threaded GEMM; dW partial sums per range, added at the end); a single
// sample runs the threaded GEMM instead. Scratch buffers are the calling thread's, kept across calls. Returns
// false, having written nothing, when they cannot be allocated.
// Contract: geometry checked by the binding (window2d.h); outputs do not overlap inputs.
#pragma once
#include <cstddef>

#include "window2d.h"

namespace nnkit {

bool conv2d_forward_f32(const Window2d& g, size_t out_channels, const float* x, const float* weight, const float* bias,
                        float* y);
bool conv2d_backward_data_f32(const Window2d& g, size_t out_channels, const float* dy, const float* weight, float* dx);
bool conv2d_backward_filter_f32(const Window2d& g, size_t out_channels, const float* x, const float* dy, float* dweight,
                                float* dbias);

}  // namespace nnkit
