#include "softmax.h"

#include <cmath>

namespace nnkit {

void softmax_f32(size_t n, size_t c, const float* z, float* p) {
  for (size_t i = 0; i < n; ++i) {
    const float* zi = z + i * c;
    float* pi = p + i * c;
    float m = zi[0];
    for (size_t j = 1; j < c; ++j) m = zi[j] > m ? zi[j] : m;
    double sum = 0.0;
    for (size_t j = 0; j < c; ++j) {
      pi[j] = std::exp(zi[j] - m);
      sum += pi[j];
    }
    const float inv = static_cast<float>(1.0 / sum);
    for (size_t j = 0; j < c; ++j) pi[j] *= inv;
  }
}

double softmax_cross_entropy_f32(size_t n, size_t c, const float* z, const int* labels, float* dlogits) {
  double total = 0.0;
  const float inv_n = 1.0f / static_cast<float>(n);
  for (size_t i = 0; i < n; ++i) {
    const float* zi = z + i * c;
    float m = zi[0];
    for (size_t j = 1; j < c; ++j) m = zi[j] > m ? zi[j] : m;
    double sum = 0.0;
    for (size_t j = 0; j < c; ++j) sum += std::exp(static_cast<double>(zi[j] - m));
    const double log_sum = std::log(sum);
    total += m + log_sum - zi[labels[i]];
    if (dlogits != nullptr) {
      float* di = dlogits + i * c;
      const float inv_sum = static_cast<float>(1.0 / sum);
      for (size_t j = 0; j < c; ++j) di[j] = std::exp(zi[j] - m) * inv_sum * inv_n;
      di[labels[i]] -= inv_n;
    }
  }
  return total / static_cast<double>(n);
}

}  // namespace nnkit
