// Pooling kernels (formulas in pool2d.h): one window at a time over each plane, planes split over the pool.
#include "pool2d.h"

#include <algorithm>
#include <cstring>

#include "../runtime/thread_pool.h"

namespace nnkit {
namespace {

constexpr size_t kParallelMinValues = size_t{1} << 16;  // inputs below this stay on one thread

// The in-bounds part [h0, h1) × [w0, w1) of output (oh, ow)'s window (non-empty: 2·pad ≤ kernel).
struct Span {
  size_t h0, h1, w0, w1;
};

Span span(const Window2d& g, size_t oh, size_t ow) {
  const ptrdiff_t top = static_cast<ptrdiff_t>(oh * g.sh) - static_cast<ptrdiff_t>(g.ph);
  const ptrdiff_t left = static_cast<ptrdiff_t>(ow * g.sw) - static_cast<ptrdiff_t>(g.pw);
  Span s;
  s.h0 = static_cast<size_t>(std::max<ptrdiff_t>(top, 0));
  s.h1 = static_cast<size_t>(std::min<ptrdiff_t>(top + static_cast<ptrdiff_t>(g.kh), static_cast<ptrdiff_t>(g.h)));
  s.w0 = static_cast<size_t>(std::max<ptrdiff_t>(left, 0));
  s.w1 = static_cast<size_t>(std::min<ptrdiff_t>(left + static_cast<ptrdiff_t>(g.kw), static_cast<ptrdiff_t>(g.w)));
  return s;
}

// fn(o, span) for every output o of plane p, with its window's in-bounds span.
template <typename Fn>
void for_each_window(const Window2d& g, size_t p, Fn&& fn) {
  size_t o = p * g.out_plane();
  for (size_t oh = 0; oh < g.oh; ++oh)
    for (size_t ow = 0; ow < g.ow; ++ow, ++o) fn(o, span(g, oh, ow));
}

// fn(plane index) for every plane of N·C, split over the thread pool when the input is large.
template <typename Fn>
void over_planes(const Window2d& g, Fn&& fn) {
  const size_t planes = g.n * g.c;
  const size_t tasks = planes * g.plane() < kParallelMinValues ? 1 : std::min(thread_count(), planes);
  if (tasks == 1) {
    for (size_t p = 0; p < planes; ++p) fn(p);
    return;
  }
  parallel_for(tasks, [&](size_t t) {
    for (size_t p = planes * t / tasks; p < planes * (t + 1) / tasks; ++p) fn(p);
  });
}

}  // namespace

void max_pool2d_forward_f32(const Window2d& g, const float* x, float* y, int32_t* argmax) {
  over_planes(g, [&](size_t p) {
    const float* xp = x + p * g.plane();
    for_each_window(g, p, [&](size_t o, const Span& s) {
      size_t at = s.h0 * g.w + s.w0;
      float best = xp[at];
      for (size_t h = s.h0; h < s.h1 && best == best; ++h)
        for (size_t w = s.w0; w < s.w1; ++w) {
          const float v = xp[h * g.w + w];
          if (v > best || v != v) {
            best = v;
            at = h * g.w + w;
            if (v != v) break;  // a NaN wins: the first one
          }
        }
      y[o] = best;
      argmax[o] = static_cast<int32_t>(at);
    });
  });
}

void max_pool2d_backward_f32(const Window2d& g, const float* dy, const int32_t* argmax, float* dx) {
  over_planes(g, [&](size_t p) {
    float* dxp = dx + p * g.plane();
    std::memset(dxp, 0, g.plane() * sizeof(float));
    const size_t o = p * g.out_plane();
    for (size_t q = 0; q < g.out_plane(); ++q) dxp[argmax[o + q]] += dy[o + q];
  });
}

void avg_pool2d_forward_f32(const Window2d& g, const float* x, float* y) {
  const float inv = 1.0f / static_cast<float>(g.kh * g.kw);
  over_planes(g, [&](size_t p) {
    const float* xp = x + p * g.plane();
    for_each_window(g, p, [&](size_t o, const Span& s) {
      float sum = 0.0f;
      for (size_t h = s.h0; h < s.h1; ++h)
        for (size_t w = s.w0; w < s.w1; ++w) sum += xp[h * g.w + w];
      y[o] = sum * inv;
    });
  });
}

void avg_pool2d_backward_f32(const Window2d& g, const float* dy, float* dx) {
  const float inv = 1.0f / static_cast<float>(g.kh * g.kw);
  over_planes(g, [&](size_t p) {
    float* dxp = dx + p * g.plane();
    std::memset(dxp, 0, g.plane() * sizeof(float));
    for_each_window(g, p, [&](size_t o, const Span& s) {
      const float share = dy[o] * inv;
      for (size_t h = s.h0; h < s.h1; ++h)
        for (size_t w = s.w0; w < s.w1; ++w) dxp[h * g.w + w] += share;
    });
  });
}

}  // namespace nnkit
