// The skinny SGEMM driver: the ISA variant from the table (simd/skinny_gemm_f32.h), the column split over threads.
#include "skinny_gemm.h"

#include <algorithm>

#include "../runtime/thread_pool.h"
#include "kernel_assert.h"

namespace nnkit {
namespace {

// Products with fewer multiply-adds than this stay on the calling thread: below it a second thread gains nothing
// over the hand-off (measurements: docs/performance.md).
constexpr size_t kParallelMinMacs = 128 * 1024;
constexpr size_t kColumnBlock = 24;  // a multiple of every tile width (8 and 6): only the last task has edge tiles

}  // namespace

void skinny_gemm_f32(size_t m, size_t n, size_t k, const float* x, size_t ldx, const float* w, size_t ldw, float* y,
                     size_t ldy, const SkinnyEpilogue& ep) {
  NNKIT_ASSERT(ldx >= k && ldw >= k && ldy >= n);
  NNKIT_ASSERT(m == 0 || n == 0 || (y && (k == 0 || (x && w))));
  if (m == 0 || n == 0) return;
  SkinnyGemmNtF32* fn = skinny_gemm_variant().fn;
  const size_t blocks = (n + kColumnBlock - 1) / kColumnBlock;
  size_t tasks = std::min(thread_count(), blocks);
  if (m * n * k < kParallelMinMacs) tasks = 1;
  if (tasks <= 1) return fn(m, n, k, x, ldx, w, ldw, y, ldy, ep);
  parallel_for(tasks, [&](size_t t) {
    const size_t lo = blocks * t / tasks * kColumnBlock, hi = std::min(n, blocks * (t + 1) / tasks * kColumnBlock);
    if (lo >= hi) return;
    SkinnyEpilogue part = ep;
    if (ep.bias != nullptr) part.bias = ep.bias + lo;
    fn(m, hi - lo, k, x, ldx, w + lo * ldw, ldw, y + lo, ldy, part);
  });
}

}  // namespace nnkit
