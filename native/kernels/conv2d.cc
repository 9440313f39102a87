// Convolution kernels: im2col / col2im and the per-sample GEMMs (formulas in conv2d.h).
#include "conv2d.h"

#include <algorithm>
#include <cstring>
#include <new>
#include <vector>

#include "../runtime/thread_pool.h"
#include "gemm.h"

namespace nnkit {
namespace {

// Convolutions with fewer multiply-adds than this run on one thread (the GEMM's own threshold, gemm.cc).
constexpr double kParallelMinMacs = 96.0 * 96.0 * 96.0;

// A thread's reusable scratch; nullptr when it cannot grow (the caller reports it, nothing aborts).
float* scratch(std::vector<float>& buffer, size_t floats) {
  if (buffer.size() < floats) {
    try {
      buffer.resize(floats);
    } catch (const std::bad_alloc&) {
      return nullptr;
    }
  }
  return buffer.data();
}

thread_local std::vector<float> t_columns;  // col [K, OH·OW] of the sample this thread works on
thread_local std::vector<float> t_partial;  // the calling thread's dW partial sums of the other threads

struct Dims {
  size_t k, out_plane, in_sample, out_sample;
  bool direct;  // 1×1, stride 1, no padding: col is x_n itself
};

Dims dims(const Window2d& g, size_t oc) {
  Dims d;
  d.k = g.c * g.kh * g.kw;
  d.out_plane = g.out_plane();
  d.in_sample = g.c * g.plane();
  d.out_sample = oc * d.out_plane;
  d.direct = g.kh == 1 && g.kw == 1 && g.sh == 1 && g.sw == 1 && g.ph == 0 && g.pw == 0;
  return d;
}

// Visits every (col row, oh) segment of im2col: fn(col_segment, input_row or nullptr for padding, lo, hi, tap_w)
// where the segment's entries ow ∈ [lo, hi) come from input_row[ow·sw − pw + tap_w] and the rest are padding.
template <typename Fn>
void for_each_segment(const Window2d& g, const Dims& d, Fn&& fn) {
  for (size_t c = 0, row = 0; c < g.c; ++c)
    for (size_t i = 0; i < g.kh; ++i)
      for (size_t j = 0; j < g.kw; ++j, ++row) {
        const ptrdiff_t off = static_cast<ptrdiff_t>(j * g.dw);
        size_t lo, hi;
        window2d_valid_outputs(g.w, g.sw, g.pw, j * g.dw, g.ow, &lo, &hi);
        for (size_t oh = 0; oh < g.oh; ++oh) {
          const ptrdiff_t h = static_cast<ptrdiff_t>(oh * g.sh + i * g.dh) - static_cast<ptrdiff_t>(g.ph);
          const bool inside = h >= 0 && h < static_cast<ptrdiff_t>(g.h);
          fn(row * d.out_plane + oh * g.ow, inside ? (c * g.h + static_cast<size_t>(h)) * g.w : SIZE_MAX, lo, hi,
             off - static_cast<ptrdiff_t>(g.pw));
        }
      }
}

void im2col(const Window2d& g, const Dims& d, const float* x, float* col) {
  for_each_segment(g, d, [&](size_t o, size_t in, size_t lo, size_t hi, ptrdiff_t shift) {
    float* out = col + o;
    if (in == SIZE_MAX || lo == hi) {
      std::memset(out, 0, g.ow * sizeof(float));
      return;
    }
    std::fill(out, out + lo, 0.0f);
    std::fill(out + hi, out + g.ow, 0.0f);
    const float* src = x + in + shift;  // src[ow·sw] is the pixel of output column ow
    if (g.sw == 1)
      std::memcpy(out + lo, src + lo, (hi - lo) * sizeof(float));
    else
      for (size_t ow = lo; ow < hi; ++ow) out[ow] = src[ow * g.sw];
  });
}

// dx_n (zeroed first) += every col entry at the pixel im2col took it from.
void col2im(const Window2d& g, const Dims& d, const float* col, float* dx) {
  std::memset(dx, 0, d.in_sample * sizeof(float));
  for_each_segment(g, d, [&](size_t o, size_t in, size_t lo, size_t hi, ptrdiff_t shift) {
    if (in == SIZE_MAX) return;
    const float* src = col + o;
    float* dst = dx + in + shift;
    for (size_t ow = lo; ow < hi; ++ow) dst[ow * g.sw] += src[ow];
  });
}

// How many tasks to split N samples into: one per thread when the work is worth it, else 1.
size_t sample_tasks(const Window2d& g, const Dims& d, size_t oc) {
  const double macs = static_cast<double>(g.n) * static_cast<double>(oc) * static_cast<double>(d.k) * d.out_plane;
  if (g.n < 2 || macs < kParallelMinMacs) return 1;
  return std::min(thread_count(), g.n);
}

// Column buffers for `tasks` tasks (one [K, OH·OW] slice each; none for a direct 1×1 convolution) in the calling
// thread's scratch, allocated before any output is written; nullptr when that fails.
float* task_columns(const Dims& d, size_t tasks) {
  static float direct_marker = 0.0f;
  return d.direct ? &direct_marker : scratch(t_columns, tasks * d.k * d.out_plane);
}

// Runs fn(n0, n1, one_thread, t, col) over the sample ranges of `tasks` tasks, col the task's column slice.
template <typename Fn>
void over_samples(const Window2d& g, const Dims& d, size_t tasks, float* cols, Fn&& fn) {
  const size_t slice = d.direct ? 0 : d.k * d.out_plane;
  if (tasks == 1) return fn(size_t{0}, g.n, false, size_t{0}, cols);
  parallel_for(tasks, [&](size_t t) { fn(g.n * t / tasks, g.n * (t + 1) / tasks, true, t, cols + t * slice); });
}

using GemmFn = void(bool, bool, size_t, size_t, size_t, float, const float*, size_t, const float*, size_t, float,
                    float*, size_t);
GemmFn* gemm_for(bool one_thread) { return one_thread ? gemm_f32_serial : gemm_f32; }

}  // namespace

bool conv2d_forward_f32(const Window2d& g, size_t oc, const float* x, const float* weight, const float* bias,
                        float* y) {
  const Dims d = dims(g, oc);
  const size_t tasks = sample_tasks(g, d, oc);
  float* cols = task_columns(d, tasks);
  if (cols == nullptr) return false;
  over_samples(g, d, tasks, cols, [&](size_t n0, size_t n1, bool one_thread, size_t, float* col) {
    for (size_t n = n0; n < n1; ++n) {
      const float* b = x + n * d.in_sample;
      if (!d.direct) im2col(g, d, b, col), b = col;
      float* yn = y + n * d.out_sample;
      gemm_for(one_thread)(false, false, oc, d.out_plane, d.k, 1.0f, weight, d.k, b, d.out_plane, 0.0f, yn,
                           d.out_plane);
      if (bias != nullptr)
        for (size_t o = 0; o < oc; ++o)
          for (size_t p = 0; p < d.out_plane; ++p) yn[o * d.out_plane + p] += bias[o];
    }
  });
  return true;
}

bool conv2d_backward_data_f32(const Window2d& g, size_t oc, const float* dy, const float* weight, float* dx) {
  const Dims d = dims(g, oc);
  const size_t tasks = sample_tasks(g, d, oc);
  float* cols = task_columns(d, tasks);
  if (cols == nullptr) return false;
  over_samples(g, d, tasks, cols, [&](size_t n0, size_t n1, bool one_thread, size_t, float* col) {
    for (size_t n = n0; n < n1; ++n) {
      float* target = d.direct ? dx + n * d.in_sample : col;  // col = Wᵀ · dy_n
      gemm_for(one_thread)(true, false, d.k, d.out_plane, oc, 1.0f, weight, d.k, dy + n * d.out_sample, d.out_plane,
                           0.0f, target, d.out_plane);
      if (!d.direct) col2im(g, d, col, dx + n * d.in_sample);
    }
  });
  return true;
}

bool conv2d_backward_filter_f32(const Window2d& g, size_t oc, const float* x, const float* dy, float* dweight,
                                float* dbias) {
  const Dims d = dims(g, oc);
  const size_t tasks = sample_tasks(g, d, oc), wsize = oc * d.k;
  // Task 0 accumulates into dweight itself; task t > 0 into its slice of the caller's partial buffer.
  float* partial = tasks > 1 ? scratch(t_partial, (tasks - 1) * wsize) : nullptr;
  float* cols = task_columns(d, tasks);
  if ((tasks > 1 && partial == nullptr) || cols == nullptr) return false;
  over_samples(g, d, tasks, cols, [&](size_t n0, size_t n1, bool one_thread, size_t t, float* col) {
    float* dw = t == 0 ? dweight : partial + (t - 1) * wsize;
    for (size_t n = n0; n < n1; ++n) {
      const float* b = x + n * d.in_sample;
      if (!d.direct) im2col(g, d, b, col), b = col;
      const float beta = t > 0 && n == n0 ? 0.0f : 1.0f;  // dW += dy_n · colᵀ
      gemm_for(one_thread)(false, true, oc, d.k, d.out_plane, 1.0f, dy + n * d.out_sample, d.out_plane, b, d.out_plane,
                           beta, dw, d.k);
    }
  });
  for (size_t t = 1; t < tasks; ++t)
    for (size_t i = 0; i < wsize; ++i) dweight[i] += partial[(t - 1) * wsize + i];
  if (dbias != nullptr)
    for (size_t n = 0; n < g.n; ++n)
      for (size_t o = 0; o < oc; ++o) {
        const float* row = dy + n * d.out_sample + o * d.out_plane;
        float sum = 0.0f;
        for (size_t p = 0; p < d.out_plane; ++p) sum += row[p];
        dbias[o] += sum;
      }
  return true;
}

}  // namespace nnkit
