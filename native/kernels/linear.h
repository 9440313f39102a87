// The dense layer's inference step, one call: y[M,N] = act(x[M,K] · op(w) + bias[N]), act: identity or relu, where
// w is stored [N, K] (w_out_in: the Dense layout, op(w) = wᵀ) or [K, N] (a frozen layer's weights transposed once,
// op(w) = w: the layout both the skinny kernel and the packed GEMM read in place, so one copy serves every batch).
// Few rows go through a skinny kernel with bias and ReLU in its epilogue (no second pass over y); more rows through
// gemm_f32, then add_bias and relu passes. Contract: validated dimensions, y apart from x, w and bias; bias may be
// null.
#pragma once
#include <cstddef>

namespace nnkit {

void linear_forward_f32(size_t m, size_t n, size_t k, const float* x, const float* w, bool w_out_in, const float* bias,
                        bool relu, float* y);

}  // namespace nnkit
