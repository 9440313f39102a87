// Geometry of a 2-D sliding window (convolution, pooling) over x [N, C, H, W], NCHW (src/backend/window2d.ts
// holds the same rules for the JS backend):
//   OH = ⌊(H + 2·ph − dh·(kh − 1) − 1) / sh⌋ + 1   (OW likewise); output (oh, ow) reads row oh·sh − ph + i·dh,
//   column ow·sw − pw + j·dw for tap (i, j); positions outside [0, H) × [0, W) are padding.
// Contract: the binding has checked every field (sizes, kernel, stride, dilation ≥ 1; pad ≥ 0), that OH, OW ≥ 1,
// and for pooling dh = dw = 1 and 2·pad ≤ kernel (so no window is all padding).
#pragma once
#include <cstddef>

namespace nnkit {

struct Window2d {
  size_t n, c, h, w;      // input [N, C, H, W]
  size_t kh, kw;          // kernel
  size_t sh, sw;          // stride
  size_t ph, pw;          // padding
  size_t dh = 1, dw = 1;  // dilation
  size_t oh = 0, ow = 0;  // output size, from window2d_output

  size_t plane() const { return h * w; }
  size_t out_plane() const { return oh * ow; }
};

// ⌊(size + 2·pad − dilation·(kernel − 1) − 1) / stride⌋ + 1, or 0 when the window does not fit.
inline size_t window2d_output(size_t size, size_t kernel, size_t stride, size_t pad, size_t dilation) {
  const size_t extent = dilation * (kernel - 1) + 1;
  if (size + 2 * pad < extent) return 0;
  return (size + 2 * pad - extent) / stride + 1;
}

// The contract above as predicates, for NNKIT_ASSERT at kernel entry (debug builds): every size ≥ 1 and the output
// size window2d_output gives; pooling also dilation 1 and 2·pad ≤ kernel.
inline bool window2d_checked(const Window2d& g) {
  return g.n >= 1 && g.c >= 1 && g.h >= 1 && g.w >= 1 && g.kh >= 1 && g.kw >= 1 && g.sh >= 1 && g.sw >= 1 &&
         g.dh >= 1 && g.dw >= 1 && g.oh >= 1 && g.ow >= 1 && g.oh == window2d_output(g.h, g.kh, g.sh, g.ph, g.dh) &&
         g.ow == window2d_output(g.w, g.kw, g.sw, g.pw, g.dw);
}
inline bool pool2d_checked(const Window2d& g) {
  return window2d_checked(g) && g.dh == 1 && g.dw == 1 && 2 * g.ph <= g.kh && 2 * g.pw <= g.kw;
}

// [lo, hi): the outputs o < out whose input position o·stride − pad + off lies in [0, size).
inline void window2d_valid_outputs(size_t size, size_t stride, size_t pad, size_t off, size_t out, size_t* lo,
                                   size_t* hi) {
  const size_t first = off >= pad ? 0 : (pad - off + stride - 1) / stride;         // o·stride + off ≥ pad
  const size_t end = size + pad <= off ? 0 : (size + pad - off - 1) / stride + 1;  // o·stride + off − pad ≤ size − 1
  *lo = first < out ? first : out;
  *hi = end < out ? (end > *lo ? end : *lo) : out;
}

}  // namespace nnkit
