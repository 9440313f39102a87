#include "elementwise.h"

#include <cmath>

#include "../simd/f32_ukernels.h"
#include "kernel_assert.h"

namespace nnkit {

// Each runs the best SIMD variant simd_level() allows (simd/f32_ukernels.h), on the calling thread: these are
// memory-bound and small next to the GEMMs around them.

void add_bias_f32(size_t rows, size_t cols, float* y, const float* b) {
  NNKIT_ASSERT(rows == 0 || cols == 0 || (y && b));
  f32_ukernels().add_bias(rows, cols, y, b);
}

void sum_rows_f32(size_t rows, size_t cols, const float* x, float* out, bool accumulate) {
  NNKIT_ASSERT((cols == 0 || out) && (rows == 0 || cols == 0 || x));
  f32_ukernels().sum_rows(rows, cols, x, out, accumulate);
}

void axpy_f32(size_t n, float alpha, const float* x, float* y) {
  NNKIT_ASSERT(n == 0 || (x && y));
  f32_ukernels().axpy(n, alpha, x, y);
}

void scale_f32(size_t n, float alpha, float* x) {
  NNKIT_ASSERT(n == 0 || x);
  f32_ukernels().scale(n, alpha, x);
}

void sgd_step_f32(size_t n, float* w, const float* grad, float* velocity, float lr, float momentum, float weight_decay,
                  bool nesterov, bool first) {
  NNKIT_ASSERT(n == 0 || (w && grad && velocity));
  f32_ukernels().sgd_step(n, w, grad, velocity, lr, momentum, weight_decay, nesterov, first);
}

void adam_step_f32(size_t n, float* w, const float* grad, float* m, float* v, float lr, float beta1, float beta2,
                   float eps, float weight_decay, double step) {
  NNKIT_ASSERT(step >= 1.0 && (n == 0 || (w && grad && m && v)));
  const float step_size = lr / static_cast<float>(1.0 - std::pow(beta1, step));
  const float bc2_sqrt = static_cast<float>(std::sqrt(1.0 - std::pow(beta2, step)));
  f32_ukernels().adam_step(n, w, grad, m, v, beta1, beta2, eps, weight_decay, step_size, bc2_sqrt);
}

}  // namespace nnkit
