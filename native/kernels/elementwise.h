// Elementwise and reduction helpers that layers and optimizers need. All on contiguous float buffers.
#pragma once
#include <cstddef>

namespace nnkit {

// y [rows, cols] += b [cols] broadcast over rows.
void add_bias_f32(size_t rows, size_t cols, float* y, const float* b);
// out [cols] = Σ_rows x [rows, cols]   (or += when accumulate).
void sum_rows_f32(size_t rows, size_t cols, const float* x, float* out, bool accumulate);
// y += alpha · x
void axpy_f32(size_t n, float alpha, const float* x, float* y);
// x *= alpha
void scale_f32(size_t n, float alpha, float* x);
// x[0, n) = 0; split over the pool from 2^17 values, like the optimizer steps (gradients are zeroed every step).
void fill_zero_f32(size_t n, float* x);
// The index of the first NaN or ±Inf among x[0, n), or n when all are finite (the check of every input row).
size_t first_non_finite_f32(size_t n, const float* x);

// SGD step, PyTorch semantics (torch.optim.SGD, dampening 0):
//   g = grad + wd·w;  v = μ·v + g  (v = g on the first step: pass first = true);
//   w -= lr · (nesterov ? g + μ·v : v)          (μ = 0: w -= lr·g, velocity untouched)
void sgd_step_f32(size_t n, float* w, const float* grad, float* velocity, float lr, float momentum, float weight_decay,
                  bool nesterov, bool first);
// Adam step t >= 1 (torch.optim.Adam, L2-style weight decay added to the gradient):
//   g = grad + wd·w; m = β1 m + (1−β1) g; v = β2 v + (1−β2) g²
//   w -= lr · (m/(1−β1^t)) / (sqrt(v/(1−β2^t)) + ε)
void adam_step_f32(size_t n, float* w, const float* grad, float* m, float* v, float lr, float beta1, float beta2,
                   float eps, float weight_decay, double step);

}  // namespace nnkit
