// 2-D convolution (cross-correlation, groups = 1; PyTorch nn.Conv2d) through im2col and the SGEMM, per sample n:
//   col [K, OH·OW] = im2col(x_n), K = C·kh·kw      (row (c·kh + i)·kw + j: tap (i, j) of channel c; 0 in padding)
//   forward:         y_n [OC, OH·OW] = W [OC, K] · col  (+ b[o] on row o when b is not null)
//   backward data:   dx_n = col2im(Wᵀ · dy_n)           (col2im adds every entry back to its pixel; dx overwritten)
//   backward filter: dW += Σ_n dy_n · colᵀ,  db += Σ_{n,oh,ow} dy   (accumulate)
// x [N, C, H, W], W [OC, C, kh, kw], y [N, OC, OH, OW]. A 1×1 kernel with stride 1 and no padding reads x_n as col.
// Samples are split over the thread pool (each thread its own column buffer and a single-threaded GEMM; dW partial
// sums per thread, added at the end); a single sample runs the threaded GEMM instead. The column buffers are
// the calling thread's, kept across calls. Returns false, having written nothing, when they cannot be allocated.
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
