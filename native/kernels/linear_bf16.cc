#include "linear_bf16.h"

#include <cstdlib>
#include <cstring>

#include "../runtime/thread_pool.h"
#include "../simd/bf16.h"
#include "../simd/cpu.h"
#include "../simd/skinny_bf16.h"
#include "gemm.h"
#include "kernel_assert.h"
#include "linear.h"

namespace nnkit {
namespace {

float from_bf16(uint16_t bits) {
  const uint32_t u = static_cast<uint32_t>(bits) << 16;
  float f;
  std::memcpy(&f, &u, sizeof f);
  return f;
}

// y = act(bf16(x)·W + bias) one row and one panel at a time: the portable path (any CPU).
void portable(size_t m, size_t n, size_t k, const float* x, const uint16_t* w, const float* bias, bool relu, float* y) {
  const size_t pairs = (k + 1) / 2;
  float acc[kBf16Panel];
  for (size_t i = 0; i < m; ++i)
    for (size_t j0 = 0; j0 < n; j0 += kBf16Panel) {
      const uint16_t* panel = w + j0 / kBf16Panel * pairs * kBf16Panel * 2;
      for (float& a : acc) a = 0.0f;
      for (size_t p = 0; p < k; ++p) {
        const float xp = bf16_round(x[i * k + p]);
        const uint16_t* row = panel + p / 2 * kBf16Panel * 2 + p % 2;  // pair p / 2, half p % 2, lane l at 2·l
        for (size_t l = 0; l < kBf16Panel; ++l) acc[l] += xp * from_bf16(row[2 * l]);
      }
      const size_t cols = n - j0 < kBf16Panel ? n - j0 : kBf16Panel;
      for (size_t l = 0; l < cols; ++l) {
        const float v = acc[l] + (bias != nullptr ? bias[j0 + l] : 0.0f);
        y[i * n + j0 + l] = relu && v < 0.0f ? 0.0f : v;  // NaN stays NaN
      }
    }
}

#if defined(__x86_64__) || defined(_M_X64)
// Up to this many rows the streaming kernel, past it the bf16 GEMM on the same panels (docs/inference.md).
constexpr size_t kBf16SkinnyMaxRows = 8;
// Products with fewer multiply-adds than this stay on the calling thread (as the fp32 skinny kernel's split).
constexpr size_t kParallelMinMacs = 128 * 1024;
constexpr size_t kColumnBlock = 128;  // the streaming kernel's widest tile: 8 vectors = 4 panels

// The rows of x rounded to bf16, kept per thread (no allocation once warm); null when out of memory.
uint16_t* rounded_rows(size_t m, size_t k, const float* x) {
  struct Buffer {
    uint16_t* data = nullptr;
    size_t capacity = 0;
    ~Buffer() { std::free(data); }
  };
  thread_local Buffer buffer;
  const size_t values = m * ((k + 1) / 2 * 2) + 32;
  if (values > buffer.capacity) {
    std::free(buffer.data);
    buffer.data = static_cast<uint16_t*>(std::aligned_alloc(64, (values * sizeof(uint16_t) + 63) / 64 * 64));
    buffer.capacity = buffer.data != nullptr ? values : 0;
  }
  if (buffer.data != nullptr) bf16_rows__avx512bf16(m, k, x, k, buffer.data);
  return buffer.data;
}

// The streaming kernel over column ranges, one per thread when the product is large enough.
void skinny(size_t m, size_t n, size_t k, const uint16_t* xb, const uint16_t* w, const float* bias, bool relu,
            float* y) {
  const size_t pairs = (k + 1) / 2;
  const auto* x = reinterpret_cast<const uint32_t*>(xb);
  const auto* words = reinterpret_cast<const uint32_t*>(w);
  const size_t pieces = m * n * k < kParallelMinMacs ? 1 : thread_count();
  parallel_ranges(n, chunk_for(n, pieces, kColumnBlock), [&](size_t, size_t lo, size_t hi) {
    skinny_bf16_panels__avx512bf16(m, hi - lo, k, x, pairs, words + lo / kBf16Panel * pairs * kBf16Panel, y + lo, n,
                                   bias != nullptr ? bias + lo : nullptr, relu);
  });
}

#endif

}  // namespace

void pack_bf16_panels(size_t n, size_t k, const float* w, size_t panel, uint16_t* out) {
  NNKIT_ASSERT(panel >= 1 && (n == 0 || k == 0 || (w && out)));
  const size_t pairs = (k + 1) / 2, panels = (n + panel - 1) / panel;
  for (size_t i = 0; i < panels; ++i)
    for (size_t q = 0; q < pairs; ++q)
      for (size_t l = 0; l < panel; ++l)
        for (size_t h = 0; h < 2; ++h) {
          const size_t j = i * panel + l, p = 2 * q + h;
          out[((i * pairs + q) * panel + l) * 2 + h] = j < n && p < k ? bf16_bits(w[j * k + p]) : 0;
        }
}

void linear_forward_panels_bf16(size_t m, size_t n, size_t k, const float* x, const uint16_t* w, size_t panel,
                                const float* bias, bool relu, float* y) {
  NNKIT_ASSERT(panel == kBf16Panel);
  NNKIT_ASSERT(m == 0 || n == 0 || (y && (k == 0 || (x && w))));
  (void)panel;
  if (m == 0 || n == 0) return;
#if defined(__x86_64__) || defined(_M_X64)
  if (cpu_has_bf16()) {
    const bool aligned = reinterpret_cast<uintptr_t>(w) % 64 == 0;
    if (m > kBf16SkinnyMaxRows && aligned && gemm_bf16_panels(m, n, k, x, k, w, y, n))
      return add_bias_relu(m, n, bias, relu, y);
    if (const uint16_t* xb = rounded_rows(m, k, x)) return skinny(m, n, k, xb, w, bias, relu, y);
  }
#endif
  portable(m, n, k, x, w, bias, relu, y);
}

}  // namespace nnkit
