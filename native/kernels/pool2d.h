// 2-D pooling over each plane of x [N, C, H, W] → y [N, C, OH, OW] (PyTorch MaxPool2d / AvgPool2d, floor mode):
//   max: y = the first maximum of the window's in-bounds pixels (a NaN wins), argmax = its h·W + w;
//        backward: dx[argmax] += dy, zero elsewhere (dx overwritten)
//   avg: y = Σ window / (kh·kw), padding counted as zeros (count_include_pad); backward spreads dy/(kh·kw)
// Planes are split over the thread pool for large inputs; 2 × 2 / stride-2 unpadded max pooling runs the SIMD row
// kernel of simd/pool2d_f32.h where the ISA has one. Contract: geometry checked by the binding (window2d.h,
// dilation 1, 2·pad ≤ kernel); argmax values in [0, H·W) (the binding passes its checked copy).
#pragma once
#include <cstddef>
#include <cstdint>

#include "window2d.h"

namespace nnkit {

void max_pool2d_forward_f32(const Window2d& g, const float* x, float* y, int32_t* argmax);
void max_pool2d_backward_f32(const Window2d& g, const float* dy, const int32_t* argmax, float* dx);
void avg_pool2d_forward_f32(const Window2d& g, const float* x, float* y);
void avg_pool2d_backward_f32(const Window2d& g, const float* dy, float* dx);

}  // namespace nnkit
