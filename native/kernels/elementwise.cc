#include "elementwise.h"

#include <cmath>
#include <cstdint>
#include <cstring>

#include "../runtime/thread_pool.h"
#include "../simd/f32_ukernels.h"
#include "kernel_assert.h"

namespace nnkit {
namespace {

// Optimizer steps from this many parameters are split over the pool in cache-line-aligned ranges (each value is
// updated on its own, so the bits do not depend on the split). A step streams ~20 bytes a parameter, from L3 in
// training (the products in between evict it from L2), where each core brings its own bandwidth: on one core the
// recipe's 535k parameters took 0.17 ms a step, 9 % of the 2-thread step (docs/bf16.md). Below 2^17 (~12 µs even
// warm) the pool's hand-off would be a visible share, so small tensors (biases, BatchNorm, the last layer) stay.
constexpr size_t kOptimizerParallelMin = size_t{1} << 17;
constexpr size_t kChunkAlign = 64;  // floats

template <class Fn>
void over_parameters(size_t n, const Fn& fn) {
  split_ranges(n, n >= kOptimizerParallelMin, kChunkAlign, fn);
}

}  // namespace

// Each runs the best SIMD variant simd_level() allows (simd/f32_ukernels.h). All but the optimizer steps and the
// gradient zeroing run on the calling thread: they are memory-bound and small next to the GEMMs around them.

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

void fill_zero_f32(size_t n, float* x) {
  NNKIT_ASSERT(n == 0 || x);
  over_parameters(n, [&](size_t b, size_t e) { std::memset(x + b, 0, (e - b) * sizeof(float)); });
}

void sgd_step_f32(size_t n, float* w, const float* grad, float* velocity, float lr, float momentum, float weight_decay,
                  bool nesterov, bool first) {
  NNKIT_ASSERT(n == 0 || (w && grad && velocity));
  over_parameters(n, [&](size_t b, size_t e) {
    f32_ukernels().sgd_step(e - b, w + b, grad + b, velocity + b, lr, momentum, weight_decay, nesterov, first);
  });
}

void adam_step_f32(size_t n, float* w, const float* grad, float* m, float* v, float lr, float beta1, float beta2,
                   float eps, float weight_decay, double step) {
  NNKIT_ASSERT(step >= 1.0 && (n == 0 || (w && grad && m && v)));
  const float step_size = lr / static_cast<float>(1.0 - std::pow(beta1, step));
  const float bc2_sqrt = static_cast<float>(std::sqrt(1.0 - std::pow(beta2, step)));
  over_parameters(n, [&](size_t b, size_t e) {
    f32_ukernels().adam_step(e - b, w + b, grad + b, m + b, v + b, beta1, beta2, eps, weight_decay, step_size,
                             bc2_sqrt);
  });
}

// Blocks of 64 values screened by an OR of the exponent test (all exponent bits set: NaN or ±Inf), which the
// compiler vectorizes; the block that fails, and the tail, are scanned one value at a time. An input check on the
// prediction path: the JS loop it replaced took ~6 % of a batch-256 prediction of the bench MLP.
size_t first_non_finite_f32(size_t n, const float* x) {
  constexpr size_t kBlock = 64;
  constexpr uint32_t kExponent = 0x7f800000u;
  size_t i = 0;
  for (; i + kBlock <= n; i += kBlock) {
    uint32_t bad = 0;
    for (size_t j = 0; j < kBlock; ++j) {
      uint32_t bits;
      std::memcpy(&bits, x + i + j, sizeof bits);
      bad |= static_cast<uint32_t>((bits & kExponent) == kExponent);
    }
    if (bad != 0) break;
  }
  for (; i < n; ++i)
    if (!std::isfinite(x[i])) return i;
  return n;
}

}  // namespace nnkit
