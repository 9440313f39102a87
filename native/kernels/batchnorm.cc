#include "batchnorm.h"

#include <cmath>

namespace nnkit {

// Sums run in double: a batch of 256 × 784 pixels in float loses digits the gradient check would see.
void batchnorm_forward_train_f32(size_t n, size_t c, size_t s, const float* x, const float* gamma, const float* beta,
                                 float eps, float* y, float* mean, float* var, float* invstd) {
  const double m = static_cast<double>(n * s);
  for (size_t ch = 0; ch < c; ++ch) {
    double sum = 0.0;
    for (size_t i = 0; i < n; ++i) {
      const float* xi = x + (i * c + ch) * s;
      for (size_t j = 0; j < s; ++j) sum += xi[j];
    }
    const double mu = sum / m;
    double sq = 0.0;
    for (size_t i = 0; i < n; ++i) {
      const float* xi = x + (i * c + ch) * s;
      for (size_t j = 0; j < s; ++j) sq += (xi[j] - mu) * (xi[j] - mu);
    }
    const double v = sq / m;
    const float is = static_cast<float>(1.0 / std::sqrt(v + eps));
    mean[ch] = static_cast<float>(mu);
    var[ch] = static_cast<float>(v);
    invstd[ch] = is;
    const float scale = gamma[ch] * is, shift = beta[ch] - static_cast<float>(mu) * scale;
    for (size_t i = 0; i < n; ++i) {
      const float* xi = x + (i * c + ch) * s;
      float* yi = y + (i * c + ch) * s;
      for (size_t j = 0; j < s; ++j) yi[j] = xi[j] * scale + shift;
    }
  }
}

void batchnorm_forward_infer_f32(size_t n, size_t c, size_t s, const float* x, const float* gamma, const float* beta,
                                 const float* running_mean, const float* running_var, float eps, float* y) {
  for (size_t ch = 0; ch < c; ++ch) {
    const float scale = gamma[ch] / std::sqrt(running_var[ch] + eps);
    const float shift = beta[ch] - running_mean[ch] * scale;
    for (size_t i = 0; i < n; ++i) {
      const float* xi = x + (i * c + ch) * s;
      float* yi = y + (i * c + ch) * s;
      for (size_t j = 0; j < s; ++j) yi[j] = xi[j] * scale + shift;
    }
  }
}

void batchnorm_backward_f32(size_t n, size_t c, size_t s, const float* x, const float* dy, const float* gamma,
                            const float* mean, const float* invstd, float* dx, float* dgamma, float* dbeta) {
  const double m = static_cast<double>(n * s);
  for (size_t ch = 0; ch < c; ++ch) {
    double sum_dy = 0.0, sum_dy_xhat = 0.0;
    const float mu = mean[ch], is = invstd[ch];
    for (size_t i = 0; i < n; ++i) {
      const float* xi = x + (i * c + ch) * s;
      const float* dyi = dy + (i * c + ch) * s;
      for (size_t j = 0; j < s; ++j) {
        sum_dy += dyi[j];
        sum_dy_xhat += dyi[j] * ((xi[j] - mu) * is);
      }
    }
    dbeta[ch] = static_cast<float>(sum_dy);
    dgamma[ch] = static_cast<float>(sum_dy_xhat);
    const float k = gamma[ch] * is;
    const float mean_dy = static_cast<float>(sum_dy / m), mean_dy_xhat = static_cast<float>(sum_dy_xhat / m);
    for (size_t i = 0; i < n; ++i) {
      const float* xi = x + (i * c + ch) * s;
      const float* dyi = dy + (i * c + ch) * s;
      float* dxi = dx + (i * c + ch) * s;
      for (size_t j = 0; j < s; ++j) dxi[j] = k * (dyi[j] - mean_dy - (xi[j] - mu) * is * mean_dy_xhat);
    }
  }
}

}  // namespace nnkit
