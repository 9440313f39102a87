// The skinny SGEMM drivers: the ISA variant from the table (simd/skinny_gemm_f32.h), columns split over threads
// with parallel_ranges (runtime/thread_pool.h) into whole tiles, so only the last range has edge tiles.
#include "skinny_gemm.h"

#include <algorithm>

#include "../runtime/thread_pool.h"
#include "kernel_assert.h"

namespace nnkit {
namespace {

// Products with fewer multiply-adds than this stay on the calling thread: below it a second thread gains nothing
// over the hand-off (measurements: docs/performance.md).
constexpr size_t kParallelMinMacs = 128 * 1024;
constexpr size_t kNtColumnBlock = 24;  // a multiple of the nt form's tile widths (8 and 6 weight rows)
// A multiple of the nn form's tile widths (8 or 4 vectors of 16, 8, 4, 1) and of every panel width (32, 16, 8, 4).
constexpr size_t kNnColumnBlock = 128;

// How w holds the columns of op(B): rows of w (nt), columns of w [k, n] (nn), full-K panels of ldw columns.
enum class WeightForm { nt, nn, panels };

// Where column lo of op(B) starts in w.
const float* column_at(WeightForm form, const float* w, size_t lo, size_t k, size_t ldw) {
  return form == WeightForm::nt ? w + lo * ldw : form == WeightForm::nn ? w + lo : w + lo * k;
}

// fn on column ranges [lo, hi) of y (and of the bias), block-aligned, one per thread when the product is large.
void split_columns(SkinnyGemmNtF32* fn, size_t block, WeightForm form, size_t m, size_t n, size_t k, const float* x,
                   size_t ldx, const float* w, size_t ldw, float* y, size_t ldy, const SkinnyEpilogue& ep) {
  NNKIT_ASSERT(ldx >= k && ldy >= n);
  NNKIT_ASSERT(form != WeightForm::nt || ldw >= k);
  NNKIT_ASSERT(form != WeightForm::nn || ldw >= n);
  NNKIT_ASSERT(form != WeightForm::panels || (ldw >= 1 && block % ldw == 0));
  NNKIT_ASSERT(m == 0 || n == 0 || (y && (k == 0 || (x && w))));
  if (m == 0 || n == 0) return;
  const size_t pieces = m * n * k < kParallelMinMacs ? 1 : std::min(thread_count(), (n + block - 1) / block);
  if (pieces <= 1) return fn(m, n, k, x, ldx, w, ldw, y, ldy, ep);
  parallel_ranges(n, chunk_for(n, pieces, block), [&](size_t, size_t lo, size_t hi) {
    SkinnyEpilogue part = ep;
    if (ep.bias != nullptr) part.bias = ep.bias + lo;
    fn(m, hi - lo, k, x, ldx, column_at(form, w, lo, k, ldw), ldw, y + lo, ldy, part);
  });
}

}  // namespace

void skinny_gemm_f32(size_t m, size_t n, size_t k, const float* x, size_t ldx, const float* w, size_t ldw, float* y,
                     size_t ldy, const SkinnyEpilogue& ep) {
  split_columns(skinny_gemm_variant().fn, kNtColumnBlock, WeightForm::nt, m, n, k, x, ldx, w, ldw, y, ldy, ep);
}

void skinny_gemm_nn_f32(size_t m, size_t n, size_t k, const float* x, size_t ldx, const float* w, size_t ldw, float* y,
                        size_t ldy, const SkinnyEpilogue& ep) {
  split_columns(skinny_gemm_variant().nn, kNnColumnBlock, WeightForm::nn, m, n, k, x, ldx, w, ldw, y, ldy, ep);
}

void skinny_gemm_panels_f32(size_t m, size_t n, size_t k, const float* x, size_t ldx, const float* w, size_t panel,
                            float* y, size_t ldy, const SkinnyEpilogue& ep) {
  split_columns(skinny_gemm_variant().panels, kNnColumnBlock, WeightForm::panels, m, n, k, x, ldx, w, panel, y, ldy,
                ep);
}

}  // namespace nnkit
