#include "linear.h"

#include "../simd/f32_ukernels.h"
#include "gemm.h"
#include "skinny_gemm.h"
#include "kernel_assert.h"

namespace nnkit {

void linear_forward_f32(size_t m, size_t n, size_t k, const float* x, const float* w, const float* bias, bool relu,
                        float* y) {
  NNKIT_ASSERT(m == 0 || n == 0 || (y && (k == 0 || (x && w))));
  if (m == 0 || n == 0) return;
  if (m <= kSkinnyMaxRows) return skinny_gemm_f32(m, n, k, x, k, w, k, y, n, SkinnyEpilogue{1.0f, 0.0f, bias, relu});
  gemm_f32(false, true, m, n, k, 1.0f, x, k, w, k, 0.0f, y, n);
  const F32Ukernels& uk = f32_ukernels();
  if (bias != nullptr) uk.add_bias(m, n, y, bias);
  if (relu) uk.relu(m * n, y, y, 0.0f);
}

}  // namespace nnkit
