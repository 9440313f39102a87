#include "linear.h"

#include <algorithm>
#include <cstdint>

#include "../simd/f32_ukernels.h"
#include "gemm.h"
#include "skinny_gemm.h"
#include "kernel_assert.h"

namespace nnkit {
namespace {

// Up to this many rows the skinny kernel on w [K, N] beats gemm reading w in place (its direct micro-kernel), past
// it gemm wins; measurements: docs/inference.md.
constexpr size_t kSkinnyNnMaxRows = 8;

}  // namespace

void add_bias_relu(size_t m, size_t n, const float* bias, bool relu, float* y) {
  const F32Ukernels& uk = f32_ukernels();
  if (bias != nullptr) uk.add_bias(m, n, y, bias);
  if (relu) uk.relu(m * n, y, y, 0.0f);
}

void linear_forward_f32(size_t m, size_t n, size_t k, const float* x, const float* w, bool w_out_in, const float* bias,
                        bool relu, float* y) {
  NNKIT_ASSERT(m == 0 || n == 0 || (y && (k == 0 || (x && w))));
  if (m == 0 || n == 0) return;
  const SkinnyEpilogue ep{1.0f, 0.0f, bias, relu};
  if (w_out_in && m <= kSkinnyMaxRows) return skinny_gemm_f32(m, n, k, x, k, w, k, y, n, ep);
  if (!w_out_in && m <= kSkinnyNnMaxRows) return skinny_gemm_nn_f32(m, n, k, x, k, w, n, y, n, ep);
  gemm_f32(false, w_out_in, m, n, k, 1.0f, x, k, w, w_out_in ? k : n, 0.0f, y, n);
  add_bias_relu(m, n, bias, relu, y);
}

void linear_forward_panels_f32(size_t m, size_t n, size_t k, const float* x, const float* w, size_t panel,
                               const float* bias, bool relu, float* y) {
  NNKIT_ASSERT(panel == gemm_f32_panel_width());
  NNKIT_ASSERT(m == 0 || n == 0 || (y && (k == 0 || (x && w))));
  if (m == 0 || n == 0) return;
  if (m <= kSkinnyNnMaxRows) return skinny_gemm_panels_f32(m, n, k, x, k, w, panel, y, n, {1.0f, 0.0f, bias, relu});
  if (reinterpret_cast<uintptr_t>(w) % 64 == 0) {
    gemm_f32_panels(m, n, k, x, k, w, y, n);
  } else {  // off the cache-line grid (a frozen model without its aligned Memory): each panel is [k, panel]
    for (size_t j = 0; j < n; j += panel)
      gemm_f32(false, false, m, std::min(panel, n - j), k, 1.0f, x, k, w + j * k, panel, 0.0f, y + j, n);
  }
  add_bias_relu(m, n, bias, relu, y);
}

}  // namespace nnkit
