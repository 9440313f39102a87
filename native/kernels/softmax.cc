#include "softmax.h"
#include "kernel_assert.h"

#include <vector>

#include "../runtime/thread_pool.h"
#include "../simd/f32_ukernels.h"

namespace nnkit {
namespace {

// Rows are independent, so from kParallelMin logits the rows are split over the pool in blocks of about
// kBlockLogits: exp makes these compute-bound like the exp-based activations, and the threshold is theirs
// (kernels/activations.cc, where the measurements are). The loss is summed per block in a fixed order, whatever
// the number of threads, so it is the same bit for bit with NNKIT_THREADS=1 and 2.
constexpr size_t kParallelMin = size_t{1} << 18;
constexpr size_t kBlockLogits = size_t{1} << 16;

size_t block_rows(size_t c) { return kBlockLogits / c > 0 ? kBlockLogits / c : 1; }

template <class Fn>
void over_row_blocks(size_t n, size_t c, const Fn& fn) {
  parallel_ranges(n, block_rows(c), fn, n * c >= kParallelMin && thread_count() > 1);
}

thread_local std::vector<double> block_loss;  // grows to the most blocks seen, then reused (no per-step allocation)

}  // namespace

// Both run the best SIMD variant simd_level() allows (simd/f32_ukernels.h, exp from simd/exp_f32.inl).
void softmax_f32(size_t n, size_t c, const float* z, float* p) {
  NNKIT_ASSERT(c >= 1 && (n == 0 || (z != nullptr && p != nullptr)));
  SoftmaxF32* f = f32_ukernels().softmax;
  over_row_blocks(n, c, [&](size_t, size_t r0, size_t r1) { f(r1 - r0, c, z + r0 * c, p + r0 * c); });
}

double softmax_cross_entropy_f32(size_t n, size_t c, const float* z, const int* labels, float* dlogits) {
  NNKIT_ASSERT(n >= 1 && c >= 1 && z != nullptr && labels != nullptr);
  for (size_t i = 0; i < n; ++i) NNKIT_ASSERT(labels[i] >= 0 && static_cast<size_t>(labels[i]) < c);
  SoftmaxCrossEntropyF32* f = f32_ukernels().softmax_cross_entropy;
  const float inv_n = 1.0f / static_cast<float>(n);
  const size_t blocks = (n + block_rows(c) - 1) / block_rows(c);
  if (block_loss.size() < blocks) block_loss.resize(blocks);
  double* loss = block_loss.data();
  over_row_blocks(n, c, [&](size_t t, size_t r0, size_t r1) {
    loss[t] = f(r1 - r0, c, z + r0 * c, labels + r0, dlogits != nullptr ? dlogits + r0 * c : nullptr, inv_n);
  });
  double total = 0.0;
  for (size_t t = 0; t < blocks; ++t) total += loss[t];
  return total / static_cast<double>(n);
}

}  // namespace nnkit
