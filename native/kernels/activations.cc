#include "activations.h"

#include <cmath>

namespace nnkit {

void activation_forward_f32(Activation kind, size_t n, const float* x, float* y, float param) {
  switch (kind) {
    case Activation::identity:
      if (x != y) for (size_t i = 0; i < n; ++i) y[i] = x[i];
      return;
    case Activation::sigmoid:
      for (size_t i = 0; i < n; ++i) y[i] = 1.0f / (1.0f + std::exp(-x[i]));
      return;
    case Activation::tanh:
      for (size_t i = 0; i < n; ++i) y[i] = std::tanh(x[i]);
      return;
    case Activation::relu:
      // Written as x < 0 ? 0 : x so a NaN input stays NaN (every compare with NaN is false).
      for (size_t i = 0; i < n; ++i) y[i] = x[i] < 0.0f ? 0.0f : x[i];
      return;
    case Activation::leaky_relu:
      for (size_t i = 0; i < n; ++i) y[i] = x[i] < 0.0f ? param * x[i] : x[i];
      return;
    case Activation::elu:
      for (size_t i = 0; i < n; ++i) y[i] = x[i] < 0.0f ? param * std::expm1(x[i]) : x[i];
      return;
  }
}

void activation_backward_f32(Activation kind, size_t n, const float* x, const float* y, const float* dy,
                             float* dx, float param) {
  switch (kind) {
    case Activation::identity:
      if (dy != dx) for (size_t i = 0; i < n; ++i) dx[i] = dy[i];
      return;
    case Activation::sigmoid:
      for (size_t i = 0; i < n; ++i) dx[i] = dy[i] * y[i] * (1.0f - y[i]);
      return;
    case Activation::tanh:
      for (size_t i = 0; i < n; ++i) dx[i] = dy[i] * (1.0f - y[i] * y[i]);
      return;
    case Activation::relu:
      for (size_t i = 0; i < n; ++i) dx[i] = x[i] > 0.0f ? dy[i] : 0.0f;
      return;
    case Activation::leaky_relu:
      for (size_t i = 0; i < n; ++i) dx[i] = x[i] > 0.0f ? dy[i] : param * dy[i];
      return;
    case Activation::elu:
      for (size_t i = 0; i < n; ++i) dx[i] = x[i] > 0.0f ? dy[i] : dy[i] * (y[i] + param);
      return;
  }
}

void prelu_forward_f32(size_t rows, size_t cols, const float* x, const float* slope, size_t channels, float* y) {
  for (size_t r = 0; r < rows; ++r) {
    for (size_t c = 0; c < cols; ++c) {
      const size_t i = r * cols + c;
      const float a = channels == 1 ? slope[0] : slope[c];
      y[i] = x[i] < 0.0f ? a * x[i] : x[i];
    }
  }
}

void prelu_backward_f32(size_t rows, size_t cols, const float* x, const float* dy, const float* slope,
                        size_t channels, float* dx, float* dslope) {
  for (size_t r = 0; r < rows; ++r) {
    for (size_t c = 0; c < cols; ++c) {
      const size_t i = r * cols + c;
      const size_t ch = channels == 1 ? 0 : c;
      if (x[i] > 0.0f) {
        dx[i] = dy[i];
      } else {
        dslope[ch] += dy[i] * x[i];  // ∂y/∂a = x where x <= 0
        dx[i] = slope[ch] * dy[i];
      }
    }
  }
}

void max_groups_forward_f32(size_t rows, size_t groups, size_t k, const float* x, float* y, int* argmax) {
  for (size_t r = 0; r < rows; ++r) {
    for (size_t g = 0; g < groups; ++g) {
      const float* xg = x + (r * groups + g) * k;
      size_t best = 0;
      for (size_t j = 1; j < k; ++j) {
        if (xg[j] > xg[best] || xg[j] != xg[j]) best = j;  // NaN wins, so it propagates
        if (xg[best] != xg[best]) break;
      }
      y[r * groups + g] = xg[best];
      argmax[r * groups + g] = static_cast<int>(best);
    }
  }
}

void max_groups_backward_f32(size_t rows, size_t groups, size_t k, const float* dy, const int* argmax, float* dx) {
  for (size_t i = 0; i < rows * groups; ++i) {
    float* dxg = dx + i * k;
    for (size_t j = 0; j < k; ++j) dxg[j] = 0.0f;
    dxg[argmax[i]] = dy[i];
  }
}

}  // namespace nnkit
