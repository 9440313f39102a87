#include "activations.h"
#include "kernel_assert.h"

#include <algorithm>
#include <cstring>
#include <vector>

#include "../runtime/thread_pool.h"
#include "../simd/f32_ukernels.h"

namespace nnkit {

namespace {

// Threads pay where a call has enough work to hide the hand-off to the pool: exp-based forward kernels and PReLU
// (compute-bound) from 2^18 elements, memory-bound backward kernels from 2^21 (past a core's share of L3);
// ReLU-like forward kernels reach copy speed on one core and stay on it (measurements: docs/performance.md).
constexpr size_t kParallelMinExp = size_t{1} << 18;
constexpr size_t kParallelMinMemory = size_t{1} << 21;
constexpr size_t kParallelMinPerChannel = size_t{1} << 18;
constexpr size_t kChunkAlign = 64;  // floats: chunks start on cache-line multiples

template <class Fn>
void over_chunks(size_t n, size_t parallel_min, const Fn& fn) {
  split_ranges(n, n >= parallel_min, kChunkAlign, fn);
}

bool exp_based(Activation kind) {
  return kind == Activation::sigmoid || kind == Activation::tanh || kind == Activation::elu;
}

UnaryF32* forward_ukernel(Activation kind) {
  const F32Ukernels& k = f32_ukernels();
  switch (kind) {
    case Activation::sigmoid: return k.sigmoid;
    case Activation::tanh: return k.tanh;
    case Activation::relu: return k.relu;
    case Activation::leaky_relu: return k.leaky_relu;
    case Activation::elu: return k.elu;
    case Activation::identity: break;
  }
  return nullptr;
}

UnaryBackwardF32* backward_ukernel(Activation kind) {
  const F32Ukernels& k = f32_ukernels();
  switch (kind) {
    case Activation::sigmoid: return k.sigmoid_backward;
    case Activation::tanh: return k.tanh_backward;
    case Activation::relu: return k.relu_backward;
    case Activation::leaky_relu: return k.leaky_relu_backward;
    case Activation::elu: return k.elu_backward;
    case Activation::identity: break;
  }
  return nullptr;
}

}  // namespace

void activation_forward_f32(Activation kind, size_t n, const float* x, float* y, float param) {
  NNKIT_ASSERT(static_cast<int>(kind) >= 0 && static_cast<int>(kind) < kActivationCount);
  NNKIT_ASSERT(n == 0 || (x != nullptr && y != nullptr));
  if (kind == Activation::identity) {
    if (x != y && n > 0) std::memcpy(y, x, n * sizeof(float));
    return;
  }
  UnaryF32* f = forward_ukernel(kind);
  if (!exp_based(kind)) return f(n, x, y, param);
  over_chunks(n, kParallelMinExp, [&](size_t b, size_t e) { f(e - b, x + b, y + b, param); });
}

void activation_backward_f32(Activation kind, size_t n, const float* x, const float* y, const float* dy, float* dx,
                             float param) {
  NNKIT_ASSERT(static_cast<int>(kind) >= 0 && static_cast<int>(kind) < kActivationCount);
  NNKIT_ASSERT(n == 0 || (x != nullptr && y != nullptr && dy != nullptr && dx != nullptr));
  if (kind == Activation::identity) {
    if (dy != dx && n > 0) std::memcpy(dx, dy, n * sizeof(float));
    return;
  }
  UnaryBackwardF32* f = backward_ukernel(kind);
  over_chunks(n, kParallelMinMemory, [&](size_t b, size_t e) { f(e - b, x + b, y + b, dy + b, dx + b, param); });
}

void exp_f32(size_t n, const float* x, float* y) {
  NNKIT_ASSERT(n == 0 || (x && y));
  f32_ukernels().exp(n, x, y, 0.0f);
}

// PReLU from kParallelMinPerChannel elements: blocks of whole rows (about kPreluBlock elements each) on the pool.
// Backward, each block sums its slope gradient into its own zeroed row of scratch, and the blocks are added to
// dslope in block order: the same result whatever the number of threads.
constexpr size_t kPreluBlock = size_t{1} << 18;
thread_local std::vector<float> prelu_partial;  // grows to the largest blocks × channels seen, then reused

void prelu_forward_f32(size_t rows, size_t cols, const float* x, const float* slope, size_t channels, float* y) {
  NNKIT_ASSERT(channels == 1 || channels == cols);
  PreluF32* f = f32_ukernels().prelu;
  if (rows * cols < kParallelMinPerChannel || thread_count() <= 1) return f(rows, cols, x, slope, channels, y);
  const size_t block_rows = kPreluBlock / cols > 0 ? kPreluBlock / cols : 1;
  parallel_ranges(rows, block_rows, [&](size_t, size_t r0, size_t r1) {
    f(r1 - r0, cols, x + r0 * cols, slope, channels, y + r0 * cols);
  });
}

void prelu_backward_f32(size_t rows, size_t cols, const float* x, const float* dy, const float* slope, size_t channels,
                        float* dx, float* dslope) {
  NNKIT_ASSERT(channels == 1 || channels == cols);
  PreluBackwardF32* f = f32_ukernels().prelu_backward;
  if (rows * cols < kParallelMinPerChannel) return f(rows, cols, x, dy, slope, channels, dx, dslope);
  const size_t block_rows = kPreluBlock / cols > 0 ? kPreluBlock / cols : 1;
  const size_t blocks = (rows + block_rows - 1) / block_rows;
  if (prelu_partial.size() < blocks * channels) prelu_partial.resize(blocks * channels);
  float* partial = prelu_partial.data();
  std::fill(partial, partial + blocks * channels, 0.0f);
  parallel_ranges(rows, block_rows, [&](size_t t, size_t r0, size_t r1) {
    f(r1 - r0, cols, x + r0 * cols, dy + r0 * cols, slope, channels, dx + r0 * cols, partial + t * channels);
  });
  for (size_t t = 0; t < blocks; ++t) {
    for (size_t ch = 0; ch < channels; ++ch) dslope[ch] += partial[t * channels + ch];
  }
}

void max_groups_forward_f32(size_t rows, size_t groups, size_t k, const float* x, float* y, int* argmax) {
  NNKIT_ASSERT(k >= 1 && (rows == 0 || groups == 0 || (x && y && argmax)));
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
  NNKIT_ASSERT(k >= 1 && (rows == 0 || groups == 0 || (dy && argmax && dx)));
  for (size_t i = 0; i < rows * groups; ++i) NNKIT_ASSERT(argmax[i] >= 0 && static_cast<size_t>(argmax[i]) < k);
  for (size_t i = 0; i < rows * groups; ++i) {
    float* dxg = dx + i * k;
    for (size_t j = 0; j < k; ++j) dxg[j] = 0.0f;
    dxg[argmax[i]] = dy[i];
  }
}

}  // namespace nnkit
