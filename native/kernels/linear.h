// The dense layer's inference step, one call: y[M,N] = act(x[M,K] · w[N,K]ᵀ + bias[N]), act: identity or relu.
// Few rows go through the skinny kernel with bias and ReLU in its epilogue (no second pass over y); more rows
// through gemm_f32, then add_bias and relu passes. Contract: validated dimensions, y apart from x, w and bias;
// bias may be null.
#pragma once
#include <cstddef>

namespace nnkit {

void linear_forward_f32(size_t m, size_t n, size_t k, const float* x, const float* w, const float* bias, bool relu,
                        float* y);

}  // namespace nnkit
