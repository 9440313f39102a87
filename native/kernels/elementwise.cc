#include "elementwise.h"

#include <cmath>

namespace nnkit {

void add_bias_f32(size_t rows, size_t cols, float* y, const float* b) {
  for (size_t r = 0; r < rows; ++r) {
    float* yr = y + r * cols;
    for (size_t c = 0; c < cols; ++c) yr[c] += b[c];
  }
}

void sum_rows_f32(size_t rows, size_t cols, const float* x, float* out, bool accumulate) {
  if (!accumulate) for (size_t c = 0; c < cols; ++c) out[c] = 0.0f;
  for (size_t r = 0; r < rows; ++r) {
    const float* xr = x + r * cols;
    for (size_t c = 0; c < cols; ++c) out[c] += xr[c];
  }
}

void axpy_f32(size_t n, float alpha, const float* x, float* y) {
  for (size_t i = 0; i < n; ++i) y[i] += alpha * x[i];
}

void scale_f32(size_t n, float alpha, float* x) {
  for (size_t i = 0; i < n; ++i) x[i] *= alpha;
}

void sgd_step_f32(size_t n, float* w, const float* grad, float* velocity, float lr, float momentum,
                  float weight_decay, bool nesterov, bool first) {
  for (size_t i = 0; i < n; ++i) {
    const float g = grad[i] + weight_decay * w[i];
    if (momentum == 0.0f) {
      w[i] -= lr * g;
      continue;
    }
    const float v = first ? g : momentum * velocity[i] + g;
    velocity[i] = v;
    w[i] -= lr * (nesterov ? g + momentum * v : v);
  }
}

void adam_step_f32(size_t n, float* w, const float* grad, float* m, float* v, float lr, float beta1, float beta2,
                   float eps, float weight_decay, double step) {
  const float bc1 = static_cast<float>(1.0 - std::pow(beta1, step));
  const float bc2_sqrt = static_cast<float>(std::sqrt(1.0 - std::pow(beta2, step)));
  const float step_size = lr / bc1;
  for (size_t i = 0; i < n; ++i) {
    const float g = grad[i] + weight_decay * w[i];
    m[i] = beta1 * m[i] + (1.0f - beta1) * g;
    v[i] = beta2 * v[i] + (1.0f - beta2) * g * g;
    w[i] -= step_size * m[i] / (std::sqrt(v[i]) / bc2_sqrt + eps);
  }
}

}  // namespace nnkit
