// Convolution kernels (formulas in conv2d.h): stride-1 forward through the implicit tile where the ISA has one, else
// stride 1 on the wide grid, other strides through im2col / col2im.
#include "conv2d.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <new>
#include <vector>

#include "../runtime/thread_pool.h"
#include "../simd/conv2d_filter_f32.h"
#include "../simd/conv2d_rows_f32.h"
#include "../simd/f32_ukernels.h"
#include "gemm.h"
#include "gemm_pack.h"
#include "kernel_assert.h"

namespace nnkit {
namespace {

// Convolutions with fewer multiply-adds than this run on one thread (the GEMM's own threshold, gemm.cc).
constexpr double kParallelMinMacs = 96.0 * 96.0 * 96.0;

// A thread's reusable scratch; nullptr when it cannot grow (the caller reports it, nothing aborts).
template <typename T>
T* scratch(std::vector<T>& buffer, size_t count) {
  if (buffer.size() < count) {
    try {
      buffer.resize(count);
    } catch (const std::bad_alloc&) {
      return nullptr;
    }
  }
  return buffer.data();
}

thread_local std::vector<float> t_tasks;    // the calling thread's per-task scratch slices (Dims::task_floats)
thread_local std::vector<float> t_partial;  // the calling thread's dW partial sums of the other tasks

// Sizes of one sample. Stride 1 runs on the wide grid: the image zero-padded once into xp [C, hp, wp] (plus
// `slack` zeros so the last runs stay inside), col' [K, OH·wp] row (c, i, j) = the contiguous run of OH·wp floats
// of xp from (c, i·dh, j·dw), and y' = W · col' [OC, OH·wp] whose columns ow ≥ OW are dropped.
struct Dims {
  size_t k, out_plane, in_sample, out_sample;
  bool wide;              // stride 1
  bool direct;            // 1×1, stride 1, no padding: col' is x_n itself and y' is y_n
  size_t hp, wp, padded;  // wide: padded image [C, hp, wp] + slack floats
  size_t wplane;          // wide: OH·wp; else OH·OW
};

Dims dims(const Window2d& g, size_t oc) {
  Dims d;
  d.k = g.c * g.kh * g.kw;
  d.out_plane = g.out_plane();
  d.in_sample = g.c * g.plane();
  d.out_sample = oc * d.out_plane;
  d.wide = g.sh == 1 && g.sw == 1;
  d.direct = d.wide && g.kh == 1 && g.kw == 1 && g.ph == 0 && g.pw == 0;
  d.hp = g.h + 2 * g.ph;
  d.wp = d.wide ? g.w + 2 * g.pw : g.ow;
  d.padded = d.direct || !d.wide ? 0 : g.c * d.hp * d.wp + g.dw * (g.kw - 1);
  d.wplane = g.oh * d.wp;
  return d;
}

// Floats of a task's column part: xp and col' (wide), col [K, OH·OW] (strided), nothing (direct).
size_t column_floats(const Dims& d) { return d.direct ? 0 : d.padded + d.k * d.wplane; }
// Floats of a task's wide output part: y' (forward) or dy' (filter), none when wp = OW.
size_t wide_out_floats(const Window2d& g, const Dims& d, size_t oc) { return d.wp == g.ow ? 0 : oc * d.wplane; }

// Zeroes xp (borders and slack stay zero for every sample) and, when present, the columns ow ≥ OW of dy'.
void clear_task(const Window2d& g, const Dims& d, size_t oc, float* s, bool filter) {
  if (d.wide && !d.direct) std::memset(s, 0, d.padded * sizeof(float));
  if (filter && wide_out_floats(g, d, oc) > 0) std::memset(s + column_floats(d), 0, oc * d.wplane * sizeof(float));
}

// xp's interior (s, borders already zero) ← x_n.
void pad_image(const Window2d& g, const Dims& d, const float* xn, float* s) {
  for (size_t c = 0; c < g.c; ++c)
    for (size_t h = 0; h < g.h; ++h)
      std::memcpy(s + (c * d.hp + h + g.ph) * d.wp + g.pw, xn + (c * g.h + h) * g.w, g.w * sizeof(float));
}

// col' of sample x_n (wide): x_n copied into xp's interior, then one run per col' row.
const float* wide_columns(const Window2d& g, const Dims& d, const float* xn, float* s) {
  if (d.direct) return xn;
  pad_image(g, d, xn, s);
  float* col = s + d.padded;
  for (size_t c = 0, row = 0; c < g.c; ++c)
    for (size_t i = 0; i < g.kh; ++i)
      for (size_t j = 0; j < g.kw; ++j, ++row)
        std::memcpy(col + row * d.wplane, s + (c * d.hp + i * g.dh) * d.wp + j * g.dw, d.wplane * sizeof(float));
  return col;
}

// Visits every (col row, oh) segment of im2col (strided): fn(col_segment, input_row or SIZE_MAX for padding, lo,
// hi, tap_w) where the segment's entries ow ∈ [lo, hi) come from input_row[ow·sw − pw + tap_w], the rest padding.
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

// The GEMM's B operand for sample x_n: col' (wide) or col (strided), built in the task's scratch s.
const float* columns(const Window2d& g, const Dims& d, const float* xn, float* s) {
  if (d.wide) return wide_columns(g, d, xn, s);
  im2col(g, d, xn, s);
  return s;
}

// y_n [OC, OH, OW] ← the columns ow < OW of y' [OC, OH, wp] (in place when y' is y_n), plus b[o] on channel o.
void narrow_output(const Window2d& g, const Dims& d, size_t oc, const float* yw, const float* bias, float* yn) {
  for (size_t o = 0; o < oc; ++o)
    for (size_t r = 0; r < g.oh; ++r) {
      float* dst = yn + (o * g.oh + r) * g.ow;
      const float* src = yw + o * d.wplane + r * d.wp;
      const float b = bias != nullptr ? bias[o] : 0.0f;
      if (src != dst) std::memcpy(dst, src, g.ow * sizeof(float));
      if (bias != nullptr)
        for (size_t q = 0; q < g.ow; ++q) dst[q] += b;
    }
}

// How many tasks to split N samples into: one per thread when the work is worth it, else 1.
size_t sample_tasks(const Window2d& g, const Dims& d, size_t oc) {
  const double macs = static_cast<double>(g.n) * static_cast<double>(oc) * static_cast<double>(d.k) * d.out_plane;
  if (g.n < 2 || macs < kParallelMinMacs) return 1;
  return std::min(thread_count(), g.n);
}

// Runs fn(t, n0, n1, one_thread, s) over the sample ranges of `tasks` tasks (parallel_ranges), s the task's slice of
// the calling thread's scratch (`per_task` floats each, allocated before any output is written). False when that
// allocation fails.
template <typename Fn>
bool over_samples(size_t n, size_t tasks, size_t per_task, Fn&& fn) {
  float* base = scratch(t_tasks, std::max<size_t>(1, tasks * per_task));
  if (base == nullptr) return false;
  if (tasks == 1) {
    fn(size_t{0}, size_t{0}, n, false, base);
    return true;
  }
  parallel_ranges(n, chunk_for(n, tasks),
                  [&](size_t t, size_t n0, size_t n1) { fn(t, n0, n1, true, base + t * per_task); });
  return true;
}

using GemmFn = void(bool, bool, size_t, size_t, size_t, float, const float*, size_t, const float*, size_t, float,
                    float*, size_t);
GemmFn* gemm_for(bool one_thread) { return one_thread ? gemm_f32_serial : gemm_f32; }

// dy_n as the GEMM reads it: dy' [OC, OH·wp] in the task's scratch at `at` (columns ≥ OW stay zero from
// clear_task), or dy_n itself when wp = OW.
const float* wide_dy(const Window2d& g, const Dims& d, size_t oc, const float* dyn, float* at) {
  if (d.wp == g.ow) return dyn;
  for (size_t r = 0; r < oc * g.oh; ++r) std::memcpy(at + r * d.wp, dyn + r * g.ow, g.ow * sizeof(float));
  return at;
}

// dx_n from dcol' [K, OH·wp] (wide grid): each row added back onto the run of the padded image it was copied
// from (the dispatched SIMD axpy), into a zeroed padded gradient s, whose interior is then dx_n. The dropped
// columns of dcol' are zero (dy' is zero there), so what they add lands harmlessly.
void wide_col2im(const Window2d& g, const Dims& d, const float* dcol, float* s, float* dxn) {
  AxpyF32* const axpy = f32_ukernels().axpy;
  std::memset(s, 0, d.padded * sizeof(float));
  for (size_t c = 0, row = 0; c < g.c; ++c)
    for (size_t i = 0; i < g.kh; ++i)
      for (size_t j = 0; j < g.kw; ++j, ++row)
        axpy(d.wplane, 1.0f, dcol + row * d.wplane, s + (c * d.hp + i * g.dh) * d.wp + j * g.dw);
  for (size_t c = 0; c < g.c; ++c)
    for (size_t h = 0; h < g.h; ++h)
      std::memcpy(dxn + (c * g.h + h) * g.w, s + (c * d.hp + h + g.ph) * d.wp + g.pw, g.w * sizeof(float));
}

thread_local std::vector<float> t_panels;    // the calling thread's packed Wᵀ panels (implicit forward)
thread_local std::vector<size_t> t_offsets;  // and its tap offset table

// Tap p = (c, i, j)'s offset from a pixel's (0, 0) tap in xp [C, hp, wp] (x_n itself when direct).
void tap_offsets(const Window2d& g, const Dims& d, size_t* off) {
  for (size_t c = 0, p = 0; c < g.c; ++c)
    for (size_t i = 0; i < g.kh; ++i)
      for (size_t j = 0; j < g.kw; ++j, ++p) off[p] = (c * d.hp + i * g.dh) * d.wp + j * g.dw;
}

// Floats of the tile's packed weight operand: K rows of ⌈cols/32⌉·32 (calling thread's scratch; null: no memory).
float* implicit_panels(size_t k, size_t cols) {
  return scratch(t_panels, (cols + kConvColsTile - 1) / kConvColsTile * kConvColsTile * k);
}

// y [N, oc, OH, OW] ← the stride-1 convolution of x (geometry g) through the implicit tile (simd/conv2d_rows_f32.h),
// panels the packed [K, oc] weight operand (32-channel panels, implicit_panels), bias optional. Per output row
// (n, oh): tiles of 14 pixels × 32 channels read straight from xp. Output rows are the work units split over the
// pool; a task pads each sample it meets once into its scratch slice.
bool implicit_conv(const Window2d& g, size_t oc, Conv2dRowsF32 rows_fn, const float* x, const float* panels,
                   const float* bias, float* y) {
  const Dims d = dims(g, oc);
  const size_t units = g.n * g.oh;
  const double macs = static_cast<double>(units) * static_cast<double>(oc) * static_cast<double>(d.k) * g.ow;
  const size_t tasks = macs < kParallelMinMacs ? 1 : std::min(thread_count(), units);
  float* base = scratch(t_tasks, std::max<size_t>(1, tasks * d.padded));
  size_t* off = scratch(t_offsets, d.k);
  if (base == nullptr || off == nullptr) return false;
  tap_offsets(g, d, off);
  auto run = [&](size_t t, size_t u0, size_t u1) {
    float* s = base + t * d.padded;
    std::memset(s, 0, d.padded * sizeof(float));
    for (size_t u = u0, loaded = SIZE_MAX; u < u1; ++u) {
      const size_t n = u / g.oh, oh = u % g.oh;
      if (!d.direct && n != loaded) pad_image(g, d, x + n * d.in_sample, s);
      loaded = n;
      const float* xrow = (d.direct ? x + n * d.in_sample : s) + oh * d.wp;
      float* yrow = y + n * d.out_sample + oh * g.ow;
      for (size_t ow0 = 0; ow0 < g.ow; ow0 += kConvRowsTile)
        for (size_t o0 = 0; o0 < oc; o0 += kConvColsTile)
          rows_fn(std::min(kConvRowsTile, g.ow - ow0), std::min(kConvColsTile, oc - o0), d.k, xrow + ow0, off,
                  panels + o0 * d.k, bias != nullptr ? bias + o0 : nullptr, yrow + o0 * d.out_plane + ow0, d.out_plane);
    }
  };
  if (tasks == 1)
    run(0, 0, units);
  else
    parallel_ranges(units, chunk_for(units, tasks), run);
  return true;
}

// Backward data at stride 1 as a forward convolution (when ph ≤ dh·(kh − 1), pw likewise): dx_n = conv(dy_n, W')
// with padding dh·(kh − 1) − ph (resp. w), the same dilation, and W' [C, OC, kh, kw] = W flipped in both taps with
// the channel roles swapped: W'[c, o, i, j] = W[o, c, kh − 1 − i, kw − 1 − j]. Its geometry: input [N, OC, OH, OW],
// output [N, C, H, W].
Window2d flipped_geometry(const Window2d& g, size_t oc) {
  Window2d t = g;
  t.c = oc;
  t.h = g.oh;
  t.w = g.ow;
  t.ph = (g.kh - 1) * g.dh - g.ph;
  t.pw = (g.kw - 1) * g.dw - g.pw;
  t.oh = g.h;
  t.ow = g.w;
  return t;
}

// Backward data takes the flipped convolution from this many input channels C (its output channels: the tile's
// 16-lane channel vectors). conv1 of the bench CNN (C = 1) went 0.7 → 5.3 ms through it; conv2 (C = 32) 6.0 → 3.8.
constexpr size_t kFlippedMinChannels = 16;

// W' of flipped_geometry packed as the tile's weight operand: row p = (o, i, j) of [OC·kh·kw, C], 32 channels
// c per panel (zero past C): W[o, c, kh − 1 − i, kw − 1 − j], i.e. tap kk − 1 − t of (o, c) for t = i·kw + j.
void pack_flipped(const Window2d& g, size_t oc, const float* weight, float* panels) {
  const size_t kk = g.kh * g.kw, k = oc * kk;
  for (size_t c0 = 0; c0 < g.c; c0 += kConvColsTile)
    for (size_t p = 0; p < k; ++p) {
      const size_t o = p / kk, t = p % kk;
      float* out = panels + c0 * k + p * kConvColsTile;
      for (size_t l = 0; l < kConvColsTile; ++l)
        out[l] = c0 + l < g.c ? weight[(o * g.c + c0 + l) * kk + kk - 1 - t] : 0.0f;
    }
}

// The filter dot kernel serves stride-1 layers with K = C·kh·kw below this; the GEMM's dW (N = K columns) the rest.
// One thread, batch 128, no bias: conv1 of the bench CNN (K = 9) 1.5–1.8 → 0.5 ms through the dots, conv2 (K = 288)
// 5.4 → 7.8–8.3 ms (its 10 unaligned loads per 24 FMAs and the 14-of-16 lanes lose to the GEMM's tiles there).
constexpr size_t kFilterDotsMaxK = 64;

// Samples per call of the filter kernels (at most): the dots' horizontal sums and the tile's load-add-store of dW are
// paid once per call; 8 padded images and their dy (conv2: 8 × (32 + 50) KB) stay in L2.
constexpr size_t kFilterGroup = 8;

// Samples per group for per-sample copies of `floats` each: kFilterGroup while the group stays within 4 MB, fewer
// (down to 1) for large images, so the scratch never exceeds what one sample needs by more than that.
size_t filter_group(size_t floats) {
  return std::clamp<size_t>((size_t{1} << 20) / std::max<size_t>(floats, 1), 1, kFilterGroup);
}

// dw += Σ_{n0 ≤ n < n1} dy_n · colᵀ through the dot-product kernel (simd/conv2d_filter_f32.h): groups of
// filter_group samples padded into s (that many padded images, borders zeroed by the caller), then every block of
// 4 channels × 6 taps over the whole group.
void filter_dots(const Window2d& g, const Dims& d, size_t oc, Conv2dFilterDotsF32 fn, const size_t* off, const float* x,
                 const float* dy, size_t n0, size_t n1, float* s, float* dw) {
  const float* xs[kFilterGroup];
  const float* dys[kFilterGroup];
  const size_t group = filter_group(d.padded);
  for (size_t n = n0; n < n1; n += group) {
    const size_t m = std::min(group, n1 - n);
    for (size_t i = 0; i < m; ++i) {
      if (!d.direct) pad_image(g, d, x + (n + i) * d.in_sample, s + i * d.padded);
      xs[i] = d.direct ? x + (n + i) * d.in_sample : s + i * d.padded;
    }
    for (size_t o0 = 0; o0 < oc; o0 += kFilterDotsChans) {
      for (size_t i = 0; i < m; ++i) dys[i] = dy + (n + i) * d.out_sample + o0 * d.out_plane;
      for (size_t t0 = 0; t0 < d.k; t0 += kFilterDotsTaps)
        fn(std::min(kFilterDotsChans, oc - o0), std::min(kFilterDotsTaps, d.k - t0), m, xs, dys, off + t0, g.oh, g.ow,
           d.wp, d.out_plane, dw + o0 * d.k + t0, d.k);
    }
  }
}

// Σ row[0 .. n): 16 running sums (which the compiler vectorizes; one sum is a serial chain of adds), then the tail.
float row_sum(const float* row, size_t n) {
  float lanes[16] = {};
  size_t p = 0;
  for (; p + 16 <= n; p += 16)
    for (size_t l = 0; l < 16; ++l) lanes[l] += row[p + l];
  float sum = 0.0f;
  for (size_t l = 0; l < 16; ++l) sum += lanes[l];
  for (; p < n; ++p) sum += row[p];
  return sum;
}

// db[o] += Σ_{n, oh, ow} dy (nothing when db is null). Returns true, for the callers' tail position.
bool add_bias_grad(const Window2d& g, const Dims& d, size_t oc, const float* dy, float* dbias) {
  if (dbias != nullptr)
    for (size_t n = 0; n < g.n; ++n)
      for (size_t o = 0; o < oc; ++o) dbias[o] += row_sum(dy + n * d.out_sample + o * d.out_plane, d.out_plane);
  return true;
}

// Floats of one sample's channel-last copies for the tap tile: xt [hp, wp, C] and dyᵀ [OH·OW, OC].
size_t channel_last_floats(const Window2d& g, const Dims& d, size_t oc) { return d.hp * d.wp * g.c + d.out_plane * oc; }

// Sample n's channel-last copies into t: x_n padded into xp (borders zero from the caller; d.padded floats, none
// when direct), then xp and dy_n transposed by gemm_pack_b (one panel as wide as the channels) into xt and dyᵀ.
// The padded image is transposed whole (hp·wp = 256 pixels for conv2: gemm_pack_b's 8 × 8 blocks throughout);
// row by row (14 pixels: 8 + 6 scalar) it was slower.
void channel_last(const Window2d& g, const Dims& d, size_t oc, const float* xn, const float* dyn, float* xp, float* t) {
  if (!d.direct) pad_image(g, d, xn, xp);  // direct (1×1, no padding): x_n is its own padded image
  gemm_pack_b(true, d.hp * d.wp, g.c, d.direct ? xn : xp, d.hp * d.wp, g.c, t);
  gemm_pack_b(true, d.out_plane, oc, dyn, d.out_plane, oc, t + d.hp * d.wp * g.c);
}

// dwt [kh·kw, OC, C] (tap-major) += Σ_{n0 ≤ n < n1} the filter gradient, through the tap tile
// (simd/conv2d_filter_f32.h): per group of filter_group samples their channel-last copies in s (after the padded
// image xp, d.padded floats, zeroed by the caller), then for every tap, block of 14 output channels and block of 32
// input channels one call over the group.
void filter_tiles(const Window2d& g, const Dims& d, size_t oc, Conv2dFilterTileF32 fn, const float* x, const float* dy,
                  size_t n0, size_t n1, float* s, float* dwt) {
  const size_t per = channel_last_floats(g, d, oc), xt_floats = d.hp * d.wp * g.c;
  float* xp = s;
  s += d.padded;
  const float* ds[kFilterGroup];
  const float* xs[kFilterGroup];
  const size_t group = filter_group(per);
  for (size_t n = n0; n < n1; n += group) {
    const size_t m = std::min(group, n1 - n);
    for (size_t i = 0; i < m; ++i)
      channel_last(g, d, oc, x + (n + i) * d.in_sample, dy + (n + i) * d.out_sample, xp, s + i * per);
    for (size_t t = 0; t < g.kh * g.kw; ++t)
      for (size_t o0 = 0; o0 < oc; o0 += kFilterTileRows)
        for (size_t c0 = 0; c0 < g.c; c0 += kFilterTileCols) {
          const size_t shift = ((t / g.kw) * g.dh * d.wp + (t % g.kw) * g.dw) * g.c + c0;
          for (size_t i = 0; i < m; ++i) {
            ds[i] = s + i * per + xt_floats + o0;
            xs[i] = s + i * per + shift;
          }
          fn(std::min(kFilterTileRows, oc - o0), std::min(kFilterTileCols, g.c - c0), m, ds, oc, xs, g.c, g.oh, g.ow,
             d.wp, dwt + (t * oc + o0) * g.c + c0, g.c);
        }
  }
}

// dW += Σ_n dy_n · colᵀ at stride 1 through filter_tiles: samples split over the pool, each task summing into its
// own zeroed dwt slice, the slices then added into dW in its [OC, C, kh, kw] order. False when out of memory.
bool backward_filter_tiles(const Window2d& g, const Dims& d, size_t oc, Conv2dFilterTileF32 fn, const float* x,
                           const float* dy, float* dweight) {
  const size_t tasks = sample_tasks(g, d, oc), wsize = oc * d.k, kk = g.kh * g.kw;
  const size_t per = channel_last_floats(g, d, oc), per_task = wsize + d.padded + filter_group(per) * per;
  float* partial = scratch(t_partial, tasks * wsize);
  if (partial == nullptr) return false;
  const bool ok = over_samples(g.n, tasks, per_task, [&](size_t t, size_t n0, size_t n1, bool, float* s) {
    std::memset(s, 0, per_task * sizeof(float));
    filter_tiles(g, d, oc, fn, x, dy, n0, n1, s + wsize, s);
    std::memcpy(partial + t * wsize, s, wsize * sizeof(float));
  });
  if (!ok) return false;
  const size_t ranges = (g.n + chunk_for(g.n, tasks) - 1) / chunk_for(g.n, tasks);
  for (size_t r = 0; r < ranges; ++r)
    for (size_t t = 0; t < kk; ++t)
      for (size_t o = 0; o < oc; ++o)
        for (size_t c = 0; c < g.c; ++c) dweight[(o * g.c + c) * kk + t] += partial[r * wsize + (t * oc + o) * g.c + c];
  return true;
}

}  // namespace

bool conv2d_forward_f32(const Window2d& g, size_t oc, const float* x, const float* weight, const float* bias,
                        float* y) {
  NNKIT_ASSERT(window2d_checked(g) && oc >= 1 && x && weight && y);
  const Dims d = dims(g, oc);
  if (const Conv2dRowsF32 rows_fn = conv2d_rows_f32(); d.wide && rows_fn != nullptr) {
    float* panels = implicit_panels(d.k, oc);
    if (panels == nullptr) return false;
    gemm_pack_b(true, d.k, oc, weight, d.k, kConvColsTile, panels);  // Wᵀ [K, OC]
    return implicit_conv(g, oc, rows_fn, x, panels, bias, y);
  }
  const size_t out_floats = wide_out_floats(g, d, oc), cols = column_floats(d);
  return over_samples(g.n, sample_tasks(g, d, oc), cols + out_floats,
                      [&](size_t, size_t n0, size_t n1, bool one_thread, float* s) {
                        clear_task(g, d, oc, s, false);
                        for (size_t n = n0; n < n1; ++n) {
                          float* yn = y + n * d.out_sample;
                          float* yw = out_floats > 0 ? s + cols : yn;  // y' [OC, OH·wp]
                          gemm_for(one_thread)(false, false, oc, d.wplane, d.k, 1.0f, weight, d.k,
                                               columns(g, d, x + n * d.in_sample, s), d.wplane, 0.0f, yw, d.wplane);
                          narrow_output(g, d, oc, yw, bias, yn);
                        }
                      });
}

bool conv2d_backward_data_f32(const Window2d& g, size_t oc, const float* dy, const float* weight, float* dx) {
  NNKIT_ASSERT(window2d_checked(g) && oc >= 1 && dy && weight && dx);
  const Dims d = dims(g, oc);
  const Conv2dRowsF32 rows_fn = conv2d_rows_f32();
  if (d.wide && rows_fn != nullptr && g.c >= kFlippedMinChannels && g.ph <= (g.kh - 1) * g.dh &&
      g.pw <= (g.kw - 1) * g.dw) {
    float* panels = implicit_panels(oc * g.kh * g.kw, g.c);
    if (panels == nullptr) return false;
    pack_flipped(g, oc, weight, panels);
    return implicit_conv(flipped_geometry(g, oc), g.c, rows_fn, dy, panels, nullptr, dx);
  }
  const size_t cols = column_floats(d);
  return over_samples(g.n, sample_tasks(g, d, oc), cols + wide_out_floats(g, d, oc),
                      [&](size_t, size_t n0, size_t n1, bool one_thread, float* s) {
                        clear_task(g, d, oc, s, true);
                        for (size_t n = n0; n < n1; ++n) {  // dcol = Wᵀ · dy_n, then col2im
                          float* dxn = dx + n * d.in_sample;
                          const float* dyn = wide_dy(g, d, oc, dy + n * d.out_sample, s + cols);
                          float* dcol = d.direct ? dxn : s + d.padded;
                          gemm_for(one_thread)(true, false, d.k, d.wplane, oc, 1.0f, weight, d.k, dyn, d.wplane, 0.0f,
                                               dcol, d.wplane);
                          if (d.direct) continue;
                          if (d.wide)
                            wide_col2im(g, d, dcol, s, dxn);
                          else
                            col2im(g, d, dcol, dxn);
                        }
                      });
}

bool conv2d_backward_filter_f32(const Window2d& g, size_t oc, const float* x, const float* dy, float* dweight,
                                float* dbias) {
  NNKIT_ASSERT(window2d_checked(g) && oc >= 1 && x && dy && dweight);
  const Dims d = dims(g, oc);
  if (const Conv2dFilterTileF32 tile_fn = conv2d_filter_tile_f32(); d.wide && d.k >= kFilterDotsMaxK && tile_fn) {
    if (!backward_filter_tiles(g, d, oc, tile_fn, x, dy, dweight)) return false;
    return add_bias_grad(g, d, oc, dy, dbias);
  }
  const size_t tasks = sample_tasks(g, d, oc), wsize = oc * d.k;
  const size_t cols = column_floats(d), out_floats = wide_out_floats(g, d, oc);
  const Conv2dFilterDotsF32 dots_fn = d.wide && d.k < kFilterDotsMaxK ? conv2d_filter_dots_f32() : nullptr;
  size_t* off = dots_fn != nullptr ? scratch(t_offsets, d.k) : nullptr;
  if (dots_fn != nullptr && off == nullptr) return false;
  if (off != nullptr) tap_offsets(g, d, off);
  // Task 0 accumulates into dweight itself; task t > 0 into its slice of the caller's partial buffer.
  float* partial = tasks > 1 ? scratch(t_partial, (tasks - 1) * wsize) : nullptr;
  if (tasks > 1 && partial == nullptr) return false;
  const size_t ranges = tasks > 1 ? (g.n + chunk_for(g.n, tasks) - 1) / chunk_for(g.n, tasks) : 1;
  const size_t per_task = dots_fn != nullptr ? filter_group(d.padded) * d.padded : cols + out_floats;
  const bool ok = over_samples(g.n, tasks, per_task, [&](size_t t, size_t n0, size_t n1, bool one_thread, float* s) {
    float* dw = t == 0 ? dweight : partial + (t - 1) * wsize;
    if (dots_fn != nullptr) {
      if (t > 0) std::memset(dw, 0, wsize * sizeof(float));
      std::memset(s, 0, per_task * sizeof(float));
      return filter_dots(g, d, oc, dots_fn, off, x, dy, n0, n1, s, dw);
    }
    clear_task(g, d, oc, s, true);
    for (size_t n = n0; n < n1; ++n) {
      const float* dyn = wide_dy(g, d, oc, dy + n * d.out_sample, s + cols);  // strided: wp = OW
      const float beta = t > 0 && n == n0 ? 0.0f : 1.0f;                      // dW += dy_n · colᵀ
      gemm_for(one_thread)(false, true, oc, d.k, d.wplane, 1.0f, dyn, d.wplane, columns(g, d, x + n * d.in_sample, s),
                           d.wplane, beta, dw, d.k);
    }
  });
  if (!ok) return false;
  for (size_t t = 1; t < ranges; ++t)
    for (size_t i = 0; i < wsize; ++i) dweight[i] += partial[(t - 1) * wsize + i];
  return add_bias_grad(g, d, oc, dy, dbias);
}

}  // namespace nnkit
