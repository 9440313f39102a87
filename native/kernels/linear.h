// The dense layer's inference step, one call: y[M,N] = act(x[M,K] · op(w) + bias[N]), act: identity or relu, where
// w is stored [N, K] (w_out_in: the Dense layout, op(w) = wᵀ) or [K, N] (op(w) = w: a frozen layer's weights
// transposed once, when the backend reading them is not this one: the JS reference's fastest layout).
// Few rows go through a skinny kernel with bias and ReLU in its epilogue (no second pass over y); more rows through
// gemm_f32, then add_bias and relu passes. Contract: validated dimensions, y apart from x, w and bias; bias may be
// null.
#pragma once
#include <cstddef>

namespace nnkit {

void linear_forward_f32(size_t m, size_t n, size_t k, const float* x, const float* w, bool w_out_in, const float* bias,
                        bool relu, float* y);

// The same with w in full-K panels of `panel` = gemm_f32_panel_width() columns ([⌈N/panel⌉, K, panel], columns past
// N zero; gemm.h): the one layout both the skinny kernel (few rows) and the packed GEMM (more rows, no packing per
// call) read in place, so a frozen layer keeps one copy of its weights. Best 64-byte aligned.
void linear_forward_panels_f32(size_t m, size_t n, size_t k, const float* x, const float* w, size_t panel,
                               const float* bias, bool relu, float* y);

// y[m, n] += bias (per column, bias may be null), then relu: the epilogue of the GEMM paths, as passes over y.
void add_bias_relu(size_t m, size_t n, const float* bias, bool relu, float* y);

}  // namespace nnkit
