#include "softmax.h"

#include "../simd/f32_ukernels.h"

namespace nnkit {

// Both run the best SIMD variant simd_level() allows (simd/f32_ukernels.h, exp from simd/exp_f32.inl). Rows are
// short (classes), so they stay on one thread.
void softmax_f32(size_t n, size_t c, const float* z, float* p) { f32_ukernels().softmax(n, c, z, p); }

double softmax_cross_entropy_f32(size_t n, size_t c, const float* z, const int* labels, float* dlogits) {
  return f32_ukernels().softmax_cross_entropy(n, c, z, labels, dlogits);
}

}  // namespace nnkit
