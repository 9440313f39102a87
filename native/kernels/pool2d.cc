// Pooling kernels (formulas in pool2d.h): tap by tap over output rows, planes split by parallel_ranges.
#include "pool2d.h"

#include <algorithm>
#include <cstring>
#include <limits>

#include "../runtime/thread_pool.h"
#include "../simd/pool2d_f32.h"
#include "kernel_assert.h"

namespace nnkit {
namespace {

constexpr size_t kParallelMinValues = size_t{1} << 16;  // inputs below this stay on one thread

// fn(plane index) for every plane of N·C, split over the thread pool (parallel_ranges) when the input is large.
template <typename Fn>
void over_planes(const Window2d& g, Fn&& fn) {
  const size_t planes = g.n * g.c;
  const bool pool = planes * g.plane() >= kParallelMinValues;
  parallel_ranges(
      planes, chunk_for(planes, pool ? thread_count() : 1),
      [&](size_t, size_t p0, size_t p1) {
        for (size_t p = p0; p < p1; ++p) fn(p);
      },
      pool);
}

}  // namespace

// Tap by tap over a whole output row: fn(base, lo, hi) for every tap (i, j) in row-major order, where outputs
// ow ∈ [lo, hi) read the in-bounds pixel base + ow·sw (pixel index within the plane).
template <typename Fn>
void for_each_tap(const Window2d& g, size_t oh, Fn&& fn) {
  for (size_t i = 0; i < g.kh; ++i) {
    const ptrdiff_t h = static_cast<ptrdiff_t>(oh * g.sh + i) - static_cast<ptrdiff_t>(g.ph);
    if (h < 0 || h >= static_cast<ptrdiff_t>(g.h)) continue;
    for (size_t j = 0; j < g.kw; ++j) {
      size_t lo, hi;
      window2d_valid_outputs(g.w, g.sw, g.pw, j, g.ow, &lo, &hi);
      fn(static_cast<size_t>(h) * g.w + j - g.pw, lo, hi);  // wraps below 0 for j < pw; base + ow·sw does not
    }
  }
}

uint32_t bits(float v) {
  uint32_t u;
  std::memcpy(&u, &v, sizeof u);
  return u;
}

// One output row of a plane holding a NaN: window by window, the first NaN wins (the reference semantics).
void max_row_with_nan(const Window2d& g, const float* xp, size_t oh, float* best, int32_t* at) {
  std::fill(at, at + g.ow, -1);
  for_each_tap(g, oh, [&](size_t base, size_t lo, size_t hi) {
    for (size_t ow = lo; ow < hi; ++ow) {
      const int32_t idx = static_cast<int32_t>(base + ow * g.sw);
      const float v = xp[idx];
      if (at[ow] < 0 || (best[ow] == best[ow] && (v > best[ow] || v != v))) best[ow] = v, at[ow] = idx;
    }
  });
}

// 2 × 2, stride 2, no padding: each output row through the SIMD row kernel (simd/pool2d_f32.h); a row holding a
// NaN is redone by max_row_with_nan.
void max_pool2x2_forward(const Window2d& g, MaxPool2x2RowF32 row2x2, const float* x, float* y, int32_t* argmax) {
  over_planes(g, [&](size_t p) {
    const float* xp = x + p * g.plane();
    for (size_t oh = 0; oh < g.oh; ++oh) {
      float* best = y + p * g.out_plane() + oh * g.ow;
      int32_t* at = argmax + p * g.out_plane() + oh * g.ow;
      const size_t i0 = 2 * oh * g.w, i1 = i0 + g.w;
      if (!row2x2(g.ow, xp + i0, xp + i1, static_cast<int32_t>(i0), static_cast<int32_t>(i1), best, at))
        max_row_with_nan(g, xp, oh, best, at);
    }
  });
}

// Two passes over the taps of each output row, both free of branches: the maximum (v > b ? v : b, a maxss),
// then the first tap whose bits equal it (an integer mask). The one-pass version (a float compare choosing an
// int index, and NaN checks) compiled to jumps that mispredicted on random data: 4× slower. A NaN anywhere in
// the row (seen by its bits in the first pass) sends the row to max_row_with_nan.
void max_pool2d_forward_f32(const Window2d& g, const float* x, float* y, int32_t* argmax) {
  NNKIT_ASSERT(pool2d_checked(g) && x && y && argmax);
  const MaxPool2x2RowF32 row2x2 = max_pool2x2_row_f32();
  if (row2x2 != nullptr && g.kh == 2 && g.kw == 2 && g.sh == 2 && g.sw == 2 && g.ph == 0 && g.pw == 0)
    return max_pool2x2_forward(g, row2x2, x, y, argmax);
  over_planes(g, [&](size_t p) {
    const float* xp = x + p * g.plane();
    for (size_t oh = 0; oh < g.oh; ++oh) {
      float* best = y + p * g.out_plane() + oh * g.ow;
      int32_t* at = argmax + p * g.out_plane() + oh * g.ow;
      std::fill(best, best + g.ow, -std::numeric_limits<float>::infinity());
      uint32_t nan = 0;
      for_each_tap(g, oh, [&](size_t base, size_t lo, size_t hi) {
        for (size_t ow = lo; ow < hi; ++ow) {
          const float v = xp[base + ow * g.sw];
          best[ow] = v > best[ow] ? v : best[ow];
          nan |= static_cast<uint32_t>((bits(v) & 0x7fffffffu) > 0x7f800000u);
        }
      });
      if (nan != 0) {
        max_row_with_nan(g, xp, oh, best, at);
        continue;
      }
      std::fill(at, at + g.ow, -1);
      for_each_tap(g, oh, [&](size_t base, size_t lo, size_t hi) {
        for (size_t ow = lo; ow < hi; ++ow) {
          const int32_t idx = static_cast<int32_t>(base + ow * g.sw);
          const int32_t take = -static_cast<int32_t>((at[ow] < 0) & (bits(xp[idx]) == bits(best[ow])));
          at[ow] = (idx & take) | (at[ow] & ~take);
        }
      });
    }
  });
}

void max_pool2d_backward_f32(const Window2d& g, const float* dy, const int32_t* argmax, float* dx) {
  NNKIT_ASSERT(pool2d_checked(g) && dy && argmax && dx);
  over_planes(g, [&](size_t p) {
    float* dxp = dx + p * g.plane();
    std::memset(dxp, 0, g.plane() * sizeof(float));
    const size_t o = p * g.out_plane();
    for (size_t q = 0; q < g.out_plane(); ++q) dxp[argmax[o + q]] += dy[o + q];
  });
}

void avg_pool2d_forward_f32(const Window2d& g, const float* x, float* y) {
  NNKIT_ASSERT(pool2d_checked(g) && x && y);
  const float inv = 1.0f / static_cast<float>(g.kh * g.kw);
  over_planes(g, [&](size_t p) {
    const float* xp = x + p * g.plane();
    for (size_t oh = 0; oh < g.oh; ++oh) {
      float* sum = y + p * g.out_plane() + oh * g.ow;
      std::fill(sum, sum + g.ow, 0.0f);
      for_each_tap(g, oh, [&](size_t base, size_t lo, size_t hi) {
        for (size_t ow = lo; ow < hi; ++ow) sum[ow] += xp[base + ow * g.sw];
      });
      for (size_t ow = 0; ow < g.ow; ++ow) sum[ow] *= inv;
    }
  });
}

void avg_pool2d_backward_f32(const Window2d& g, const float* dy, float* dx) {
  NNKIT_ASSERT(pool2d_checked(g) && dy && dx);
  const float inv = 1.0f / static_cast<float>(g.kh * g.kw);
  over_planes(g, [&](size_t p) {
    float* dxp = dx + p * g.plane();
    std::memset(dxp, 0, g.plane() * sizeof(float));
    for (size_t oh = 0; oh < g.oh; ++oh) {
      const float* d = dy + p * g.out_plane() + oh * g.ow;
      for_each_tap(g, oh, [&](size_t base, size_t lo, size_t hi) {
        for (size_t ow = lo; ow < hi; ++ow) dxp[base + ow * g.sw] += d[ow] * inv;
      });
    }
  });
}

}  // namespace nnkit
