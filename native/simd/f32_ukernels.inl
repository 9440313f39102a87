// The f32 micro-kernels, written once against the VecF32 interface (vec_f32__scalar.inl) and compiled once per
// ISA: each f32_ukernels__<isa>.cc includes this inside its target region and an anonymous namespace, then
// f32_variants.inl names the instances. Contracts (shapes, aliasing) are in f32_ukernels.h; formulas beside code.
// Every loop runs whole vectors, then one masked tail, so any n (0 included) is handled and nothing outside the
// n valid floats is read or written.

template <class V, class F>
inline void map1(size_t n, const float* x, float* y, F f) {
  size_t i = 0;
  // Two vectors per trip: the loads of the second are in flight while the first computes.
  for (; i + 2 * V::lanes <= n; i += 2 * V::lanes) {
    const typename V::T a = f(V::load(x + i)), b = f(V::load(x + i + V::lanes));
    V::store(y + i, a);
    V::store(y + i + V::lanes, b);
  }
  for (; i + V::lanes <= n; i += V::lanes) V::store(y + i, f(V::load(x + i)));
  if (i < n) V::store_tail(y + i, f(V::load_tail(x + i, n - i, 0.0f)), n - i);
}

// dx = f(x, y, dy); x or y may be unused by f (the compiler drops the load).
template <class V, class F>
inline void map3(size_t n, const float* x, const float* y, const float* dy, float* dx, F f) {
  size_t i = 0;
  for (; i + V::lanes <= n; i += V::lanes) V::store(dx + i, f(V::load(x + i), V::load(y + i), V::load(dy + i)));
  if (i < n) {
    const size_t t = n - i;
    V::store_tail(dx + i, f(V::load_tail(x + i, t, 0.0f), V::load_tail(y + i, t, 0.0f), V::load_tail(dy + i, t, 0.0f)),
                  t);
  }
}

using T = typename VecF32::T;
using V = VecF32;

// ---- activations, forward: y = f(x) ----

struct ExpOp {  // a named functor, not a capture-less lambda: the latter's function-pointer thunk has no target
  T operator()(T v) const { return exp_f32<V>(v); }
};
void exp_fwd(size_t n, const float* x, float* y, float) { map1<V>(n, x, y, ExpOp()); }

// y = max(0, x) as (0 > x ? 0 : x): −0 stays −0 and NaN stays NaN, as in the JS reference.
void relu_fwd(size_t n, const float* x, float* y, float) {
  const T zero = V::set1(0.0f);
  map1<V>(n, x, y, [zero](T v) { return V::max(zero, v); });
}

// y = x < 0 ? s·x : x
void leaky_relu_fwd(size_t n, const float* x, float* y, float slope) {
  const T zero = V::set1(0.0f), s = V::set1(slope);
  map1<V>(n, x, y, [=](T v) { return V::select(V::lt(v, zero), V::mul(s, v), v); });
}

// σ(x) = 1/(1 + e^−x), evaluated with e = e^−|x| so it never overflows: x ≥ 0 → 1/(1+e), x < 0 → e/(1+e).
void sigmoid_fwd(size_t n, const float* x, float* y, float) {
  const T zero = V::set1(0.0f), one = V::set1(1.0f);
  map1<V>(n, x, y, [=](T v) {
    const T e = exp_f32<V>(V::sub(zero, V::abs(v)));
    const T q = V::div(one, V::add(one, e));
    return V::select(V::lt(v, zero), V::mul(e, q), q);
  });
}

// tanh x = (e^2x − 1)/(e^2x + 1) = m/(m + 2), m = expm1(2x): expm1 keeps full relative accuracy near 0, so there
// is no small-|x| branch. x is clamped to ±9 first (tanh 9 rounds to 1 in float; NaN passes the clamp).
void tanh_fwd(size_t n, const float* x, float* y, float) {
  const T two = V::set1(2.0f), lim = V::set1(9.0f), neg_lim = V::set1(-9.0f);
  map1<V>(n, x, y, [=](T v) {
    const T m = expm1_f32<V>(V::mul(two, V::min(lim, V::max(neg_lim, v))));
    return V::div(m, V::add(m, two));
  });
}

// y = x < 0 ? α(e^x − 1) : x
void elu_fwd(size_t n, const float* x, float* y, float alpha) {
  const T zero = V::set1(0.0f), a = V::set1(alpha);
  map1<V>(n, x, y, [=](T v) { return V::select(V::lt(v, zero), V::mul(a, expm1_f32<V>(v)), v); });
}

// ---- activations, backward: dx = dy·f'(x) ----

// dx = dy·1[x > 0]
void relu_bwd(size_t n, const float* x, const float* y, const float* dy, float* dx, float) {
  const T zero = V::set1(0.0f);
  map3<V>(n, x, x, dy, dx, [zero](T xv, T, T g) { return V::select(V::gt(xv, zero), g, zero); });
}

// dx = x > 0 ? dy : s·dy
void leaky_relu_bwd(size_t n, const float* x, const float* y, const float* dy, float* dx, float slope) {
  const T zero = V::set1(0.0f), s = V::set1(slope);
  map3<V>(n, x, x, dy, dx, [=](T xv, T, T g) { return V::select(V::gt(xv, zero), g, V::mul(s, g)); });
}

// dx = dy·y(1 − y)
void sigmoid_bwd(size_t n, const float* x, const float* y, const float* dy, float* dx, float) {
  const T one = V::set1(1.0f);
  map3<V>(n, y, y, dy, dx, [one](T, T yv, T g) { return V::mul(V::mul(g, yv), V::sub(one, yv)); });
}

// dx = dy·(1 − y²), as dy·(1 − y)(1 + y): 1 − y is exact near saturation, where 1 − y·y would cancel
void tanh_bwd(size_t n, const float* x, const float* y, const float* dy, float* dx, float) {
  const T one = V::set1(1.0f);
  map3<V>(n, y, y, dy, dx, [one](T, T yv, T g) { return V::mul(g, V::mul(V::sub(one, yv), V::add(one, yv))); });
}

// dx = x > 0 ? dy : dy·(y + α)      (α e^x = y + α)
void elu_bwd(size_t n, const float* x, const float* y, const float* dy, float* dx, float alpha) {
  const T zero = V::set1(0.0f), a = V::set1(alpha);
  map3<V>(n, x, y, dy, dx, [=](T xv, T yv, T g) { return V::select(V::gt(xv, zero), g, V::mul(g, V::add(yv, a))); });
}

// ---- per-channel kernels over x [rows, cols] (PReLU, BatchNorm with S = 1) ----

// Rows per sweep of the per-channel kernels: 2 measured best on AVX-512 (1: per-channel vectors reloaded every
// row; 4 and 8: that many concurrent row streams, slower when the row length is a multiple of 4 KiB).
constexpr size_t kRowBlock = 2;

// w ≤ lanes floats: a whole vector, or a masked tail.
inline T load_w(const float* p, size_t w) { return w == V::lanes ? V::load(p) : V::load_tail(p, w, 0.0f); }
inline void store_w(float* p, T v, size_t w) {
  if (w == V::lanes)
    V::store(p, v);
  else
    V::store_tail(p, v, w);
}

// ---- PReLU over x [rows, cols], slope [1] shared or [cols] per channel ----
// A shared slope is leaky ReLU over all rows at once; per channel, kRowBlock rows share each slope vector (and,
// backward, one read-modify-write of dslope), instead of a masked slope load (and a dslope load and store) for
// every vector of every row. AVX-512, one thread, microbenchmark: [128, 512] forward 5.7 → 5.4 µs, backward
// 9.4 → 8.3 µs; [1024, 4096] backward 2.3-2.5 → 2.0-2.1 ms; [128, 4096] unchanged (~61 %/55 % of a copy, against
// ~90 % for the shared-slope map: the per-channel slope row is a third stream; loading both rows before storing
// them gained there, 71 → 64 µs, but lost as much at [128, 512], and was left out).

// y = x < 0 ? a_c·x : x
void prelu_fwd(size_t rows, size_t cols, const float* x, const float* slope, size_t channels, float* y) {
  const T zero = V::set1(0.0f);
  if (channels == 1) {
    const T a = V::set1(slope[0]);
    map1<V>(rows * cols, x, y, [=](T v) { return V::select(V::lt(v, zero), V::mul(a, v), v); });
    return;
  }
  for (size_t r = 0; r < rows; r += kRowBlock) {
    const size_t nr = rows - r < kRowBlock ? rows - r : kRowBlock;
    for (size_t c = 0; c < cols; c += V::lanes) {
      const size_t w = cols - c < V::lanes ? cols - c : V::lanes;
      const T a = load_w(slope + c, w);
      for (size_t i = 0; i < nr; ++i) {
        const size_t o = (r + i) * cols + c;
        const T xv = load_w(x + o, w);
        store_w(y + o, V::select(V::lt(xv, zero), V::mul(a, xv), xv), w);
      }
    }
  }
}

// dx = x > 0 ? dy : a_c·dy;   da_c += Σ_{x ≤ 0} dy·x
void prelu_bwd(size_t rows, size_t cols, const float* x, const float* dy, const float* slope, size_t channels,
               float* dx, float* dslope) {
  const T zero = V::set1(0.0f);
  if (channels == 1) {
    const size_t n = rows * cols;
    const T a = V::set1(slope[0]);
    T acc = zero;
    for (size_t i = 0; i < n; i += V::lanes) {
      const size_t w = n - i < V::lanes ? n - i : V::lanes;
      const T xv = load_w(x + i, w), g = load_w(dy + i, w);
      const auto pos = V::gt(xv, zero);
      store_w(dx + i, V::select(pos, g, V::mul(a, g)), w);
      acc = V::add(acc, V::select(pos, zero, V::mul(g, xv)));  // tail lanes: x = 0 → contribute 0·0
    }
    dslope[0] += V::sum(acc);
    return;
  }
  for (size_t r = 0; r < rows; r += kRowBlock) {
    const size_t nr = rows - r < kRowBlock ? rows - r : kRowBlock;
    for (size_t c = 0; c < cols; c += V::lanes) {
      const size_t w = cols - c < V::lanes ? cols - c : V::lanes;
      const T a = load_w(slope + c, w);
      T acc = zero;
      for (size_t i = 0; i < nr; ++i) {
        const size_t o = (r + i) * cols + c;
        const T xv = load_w(x + o, w), g = load_w(dy + o, w);
        const auto pos = V::gt(xv, zero);
        store_w(dx + o, V::select(pos, g, V::mul(a, g)), w);
        acc = V::add(acc, V::select(pos, zero, V::mul(g, xv)));
      }
      store_w(dslope + c, V::add(load_w(dslope + c, w), acc), w);
    }
  }
}

// ---- BatchNorm pieces over x [n, c, s], for the channels [c0, c1) (kernels/batchnorm.cc composes them) ----

constexpr size_t kFlushRows = 64;     // float partial sums cover at most this many rows before going to double
constexpr size_t kFlushPlane = 1024;  // … or this many values of one plane

struct Pair {
  T first, second;
};

// The S = 1 statistics visit x [n, c] in tiles of kFlushRows rows × a strip of kStripVecs vectors (64 channels on
// AVX-512), walking down the tile's rows: the strip's shift and partial sums stay in registers, so a vector of x
// costs one load, and the strips of a tile follow each other along its rows. Row by row (reduce_rows below), each
// vector also loaded and stored two sum vectors: x [128, 4096] 61 → 50 µs, [1024, 4096] 718 → 558 µs, [128, 512]
// 4.9 → 4.0 µs (AVX-512, one thread). The same strips for the backward sums (x and dy, 2-3 arrays) were slower at
// [128, 4096] (296 → 366 µs), so those stay row by row; so do the kernels with an output (a strip walk that
// stores, x [128, 4096] affine: 89 → 155 µs).
constexpr size_t kStripVecs = 4;

// sum[i] += the first w lanes of v, in double
inline void flush_sums(T v, size_t w, double* sum) {
  alignas(64) float lanes[V::lanes];
  V::store(lanes, v);
  for (size_t i = 0; i < w; ++i) sum[i] += lanes[i];
}

// Rows [r0, r1) × channels [cb, cb + NV·lanes), or one masked vector of w channels when !Full:
// sum1 += Σ (x − shift), sum2 += Σ (x − shift)².
template <size_t NV, bool Full>
inline void moments_strip(size_t r0, size_t r1, size_t c, size_t cb, size_t w, const float* x, const float* shift,
                          double* sum1, double* sum2) {
  T k[NV], s1[NV], s2[NV];
  for (size_t v = 0; v < NV; ++v) {
    k[v] = Full ? V::load(shift + cb + v * V::lanes) : V::load_tail(shift + cb, w, 0.0f);
    s1[v] = s2[v] = V::set1(0.0f);
  }
  for (size_t r = r0; r < r1; ++r) {
    const float* xr = x + r * c + cb;
    for (size_t v = 0; v < NV; ++v) {
      const T d = V::sub(Full ? V::load(xr + v * V::lanes) : V::load_tail(xr, w, 0.0f), k[v]);
      s1[v] = V::add(s1[v], d);
      s2[v] = V::fmadd(d, d, s2[v]);
    }
  }
  for (size_t v = 0; v < NV; ++v) {
    flush_sums(s1[v], w, sum1 + cb + v * V::lanes);
    flush_sums(s2[v], w, sum2 + cb + v * V::lanes);
  }
}

// S = 1 reductions stream x [n, c] row by row (walking a column strip down the rows would stride by the row
// length: a cache set and a TLB entry per row). Two float partial sums per channel live in acc [2c] (indexed by
// absolute channel, so calls on disjoint channel ranges can share it) and go to the double totals every
// kFlushRows rows. f(r, cb, w) → {term1, term2} gives the two terms of row r, channels cb..cb+w.
template <class F>
inline void reduce_rows(size_t n, size_t c, size_t c0, size_t c1, float* acc, double* sum1, double* sum2, F f) {
  float *a1 = acc, *a2 = acc + c;
  for (size_t r0 = 0; r0 < n; r0 += kFlushRows) {
    const size_t r1 = r0 + kFlushRows < n ? r0 + kFlushRows : n;
    for (size_t ch = c0; ch < c1; ++ch) a1[ch] = a2[ch] = 0.0f;
    // kRowBlock rows per sweep: each accumulator and per-channel vector is loaded once for all of them.
    for (size_t r = r0; r < r1; r += kRowBlock) {
      const size_t rows = r1 - r < kRowBlock ? r1 - r : kRowBlock;
      for (size_t cb = c0; cb < c1; cb += V::lanes) {
        const size_t w = c1 - cb < V::lanes ? c1 - cb : V::lanes;
        T s1 = load_w(a1 + cb, w), s2 = load_w(a2 + cb, w);
        for (size_t i = 0; i < rows; ++i) {
          const auto t = f(r + i, cb, w);
          s1 = V::add(s1, t.first);
          s2 = V::add(s2, t.second);
        }
        store_w(a1 + cb, s1, w);
        store_w(a2 + cb, s2, w);
      }
    }
    for (size_t ch = c0; ch < c1; ++ch) {
      sum1[ch] += a1[ch];
      sum2[ch] += a2[ch];
    }
  }
}

// sum1_c += Σ (x − K_c),  sum2_c += Σ (x − K_c)²,  K = shift: the shift keeps the float partial sums small even
// when |mean| ≫ std (the "shifted data" variance algorithm), and they go to double every kFlushRows rows
// (S = 1) or kFlushPlane values (S > 1).
void bn_moments(size_t n, size_t c, size_t s, size_t c0, size_t c1, const float* x, const float* shift, double* sum1,
                double* sum2) {
  if (s == 1) {
    constexpr size_t kStrip = kStripVecs * V::lanes;
    for (size_t r0 = 0; r0 < n; r0 += kFlushRows) {
      const size_t r1 = r0 + kFlushRows < n ? r0 + kFlushRows : n;
      size_t cb = c0;
      for (; cb + kStrip <= c1; cb += kStrip)
        moments_strip<kStripVecs, true>(r0, r1, c, cb, V::lanes, x, shift, sum1, sum2);
      for (; cb + V::lanes <= c1; cb += V::lanes) moments_strip<1, true>(r0, r1, c, cb, V::lanes, x, shift, sum1, sum2);
      if (cb < c1) moments_strip<1, false>(r0, r1, c, cb, c1 - cb, x, shift, sum1, sum2);
    }
    return;
  }
  for (size_t ch = c0; ch < c1; ++ch) {
    const T k = V::set1(shift[ch]);
    for (size_t i = 0; i < n; ++i) {
      const float* plane = x + (i * c + ch) * s;
      for (size_t j0 = 0; j0 < s; j0 += kFlushPlane) {
        const size_t j1 = j0 + kFlushPlane < s ? j0 + kFlushPlane : s;
        T a1 = V::set1(0.0f), a2 = V::set1(0.0f);
        size_t j = j0;
        for (; j + V::lanes <= j1; j += V::lanes) {
          const T d = V::sub(V::load(plane + j), k);
          a1 = V::add(a1, d);
          a2 = V::fmadd(d, d, a2);
        }
        if (j < j1) {
          const T d = V::sub(V::load_tail(plane + j, j1 - j, shift[ch]), k);  // filled lanes give d = 0
          a1 = V::add(a1, d);
          a2 = V::fmadd(d, d, a2);
        }
        sum1[ch] += V::sum(a1);
        sum2[ch] += V::sum(a2);
      }
    }
  }
}

// y = (x − mean_c)·scale_c + beta_c, then max(0, y) when Relu. y may be x.
template <bool Relu>
void bn_affine(size_t n, size_t c, size_t s, size_t c0, size_t c1, const float* x, const float* mean,
               const float* scale, const float* beta, float* y) {
  const T zero = V::set1(0.0f);
  if (s == 1) {
    for (size_t r = 0; r < n; r += kRowBlock) {
      const size_t rows = n - r < kRowBlock ? n - r : kRowBlock;
      for (size_t cb = c0; cb < c1; cb += V::lanes) {
        const size_t w = c1 - cb < V::lanes ? c1 - cb : V::lanes;
        const T m = load_w(mean + cb, w), sc = load_w(scale + cb, w), b = load_w(beta + cb, w);
        for (size_t i = 0; i < rows; ++i) {
          const size_t o = (r + i) * c + cb;
          T out = V::fmadd(V::sub(load_w(x + o, w), m), sc, b);
          if (Relu) out = V::max(zero, out);
          store_w(y + o, out, w);
        }
      }
    }
    return;
  }
  for (size_t i = 0; i < n; ++i) {
    for (size_t ch = c0; ch < c1; ++ch) {
      const T m = V::set1(mean[ch]), sc = V::set1(scale[ch]), b = V::set1(beta[ch]);
      const size_t o = (i * c + ch) * s;
      map1<V>(s, x + o, y + o, [=](T xv) {
        const T out = V::fmadd(V::sub(xv, m), sc, b);
        return Relu ? V::max(zero, out) : out;
      });
    }
  }
}

// g = Relu ? (y > 0 ? dy : 0) : dy (y: the fused forward's output);  sum_g_c += Σ g,  sum_gx_c += Σ g·(x − mean_c)
template <bool Relu>
void bn_backward_sums(size_t n, size_t c, size_t s, size_t c0, size_t c1, const float* x, const float* y,
                      const float* dy, const float* mean, double* sum_g, double* sum_gx, float* acc) {
  const T zero = V::set1(0.0f);
  if (s == 1) {
    reduce_rows(n, c, c0, c1, acc, sum_g, sum_gx, [=](size_t r, size_t cb, size_t w) {
      const size_t o = r * c + cb;
      T g = load_w(dy + o, w);
      if (Relu) g = V::select(V::gt(load_w(y + o, w), zero), g, zero);
      return Pair{g, V::mul(g, V::sub(load_w(x + o, w), load_w(mean + cb, w)))};
    });
    return;
  }
  for (size_t ch = c0; ch < c1; ++ch) {
    const T m = V::set1(mean[ch]);
    for (size_t i = 0; i < n; ++i) {
      const size_t o = (i * c + ch) * s;
      for (size_t j0 = 0; j0 < s; j0 += kFlushPlane) {
        const size_t j1 = j0 + kFlushPlane < s ? j0 + kFlushPlane : s;
        T a1 = zero, a2 = zero;
        for (size_t j = j0; j < j1; j += V::lanes) {
          const size_t w = j1 - j < V::lanes ? j1 - j : V::lanes;
          T g = V::load_tail(dy + o + j, w, 0.0f);
          if (Relu) g = V::select(V::gt(V::load_tail(y + o + j, w, 0.0f), zero), g, zero);
          a1 = V::add(a1, g);
          a2 = V::fmadd(g, V::sub(V::load_tail(x + o + j, w, 0.0f), m), a2);
        }
        sum_g[ch] += V::sum(a1);
        sum_gx[ch] += V::sum(a2);
      }
    }
  }
}

// dx = a_c·(g − b_c) + (x − mean_c)·k_c, g as in bn_backward_sums (the caller folds γ, invstd and the sums into
// a, b, k). g − b first: with a large invstd, a·g + (−a·b) would cancel to rounding noise where g ≈ b.
template <bool Relu>
void bn_backward_dx(size_t n, size_t c, size_t s, size_t c0, size_t c1, const float* x, const float* y, const float* dy,
                    const float* mean, const float* a, const float* b, const float* k, float* dx) {
  const T zero = V::set1(0.0f);
  auto one = [=](T xv, T yv, T g, T mv, T av, T bv, T kv) {
    if (Relu) g = V::select(V::gt(yv, zero), g, zero);
    return V::fmadd(V::sub(xv, mv), kv, V::mul(av, V::sub(g, bv)));
  };
  if (s == 1) {
    for (size_t r = 0; r < n; r += kRowBlock) {
      const size_t rows = n - r < kRowBlock ? n - r : kRowBlock;
      for (size_t cb = c0; cb < c1; cb += V::lanes) {
        const size_t w = c1 - cb < V::lanes ? c1 - cb : V::lanes;
        const T mv = load_w(mean + cb, w), av = load_w(a + cb, w), bv = load_w(b + cb, w), kv = load_w(k + cb, w);
        for (size_t i = 0; i < rows; ++i) {
          const size_t o = (r + i) * c + cb;
          store_w(dx + o, one(load_w(x + o, w), Relu ? load_w(y + o, w) : zero, load_w(dy + o, w), mv, av, bv, kv), w);
        }
      }
    }
    return;
  }
  for (size_t i = 0; i < n; ++i) {
    for (size_t ch = c0; ch < c1; ++ch) {
      const T mv = V::set1(mean[ch]), av = V::set1(a[ch]), bv = V::set1(b[ch]), kv = V::set1(k[ch]);
      const size_t o = (i * c + ch) * s;
      map3<V>(s, x + o, Relu ? y + o : x + o, dy + o, dx + o,
              [=](T xv, T yv, T g) { return one(xv, yv, g, mv, av, bv, kv); });
    }
  }
}

// ---- softmax over rows of z [n, c] ----

// m = max of the row (tail lanes −inf)
inline float row_max(size_t c, const float* z) {
  T m = V::set1(-__builtin_inff());
  size_t j = 0;
  for (; j + V::lanes <= c; j += V::lanes) m = V::max(V::load(z + j), m);
  if (j < c) m = V::max(V::load_tail(z + j, c - j, -__builtin_inff()), m);
  return V::hmax(m);
}

// out_j = e^(z_j − m) (out may be null: only the sum is wanted); returns Σ_j e^(z_j − m)
inline float row_exp_sum(size_t c, const float* z, float m, float* out) {
  const T mv = V::set1(m);
  T acc = V::set1(0.0f);
  size_t j = 0;
  for (; j + V::lanes <= c; j += V::lanes) {
    const T e = exp_f32<V>(V::sub(V::load(z + j), mv));
    if (out != nullptr) V::store(out + j, e);
    acc = V::add(acc, e);
  }
  if (j < c) {
    const T e = exp_f32<V>(V::sub(V::load_tail(z + j, c - j, -__builtin_inff()), mv));  // e^−inf = 0
    if (out != nullptr) V::store_tail(out + j, e, c - j);
    acc = V::add(acc, e);
  }
  return V::sum(acc);
}

inline void row_scale(size_t c, float* p, float f) {
  const T fv = V::set1(f);
  map1<V>(c, p, p, [fv](T v) { return V::mul(v, fv); });
}

// p = e^(z − m) / Σ e^(z − m) per row. p may be z.
void softmax_rows(size_t n, size_t c, const float* z, float* p) {
  for (size_t i = 0; i < n; ++i) {
    const float m = row_max(c, z + i * c);
    const float sum = row_exp_sum(c, z + i * c, m, p + i * c);
    row_scale(c, p + i * c, 1.0f / sum);
  }
}

// Σ_i (m_i + log Σ_j e^(z_ij − m_i) − z_{i,t_i}) over these n rows (the caller divides by the batch size N);
// dlogits = (p − onehot)·inv_n when not null, inv_n = 1/N.
double softmax_cross_entropy_rows(size_t n, size_t c, const float* z, const int* labels, float* dlogits, float inv_n) {
  double total = 0.0;
  for (size_t i = 0; i < n; ++i) {
    const float* zi = z + i * c;
    const float m = row_max(c, zi);
    float* di = dlogits != nullptr ? dlogits + i * c : nullptr;
    const float sum = row_exp_sum(c, zi, m, di);
    total += static_cast<double>(m) + __builtin_log(static_cast<double>(sum)) - static_cast<double>(zi[labels[i]]);
    if (di != nullptr) {
      row_scale(c, di, inv_n / sum);
      di[labels[i]] -= inv_n;
    }
  }
  return total;
}

// ---- elementwise helpers and optimizer steps (formulas in kernels/elementwise.h) ----

// y [rows, cols] += b [cols]
void add_bias_rows(size_t rows, size_t cols, float* y, const float* b) {
  for (size_t r = 0; r < rows; ++r) {
    float* yr = y + r * cols;
    for (size_t c = 0; c < cols; c += V::lanes) {
      const size_t w = cols - c < V::lanes ? cols - c : V::lanes;
      store_w(yr + c, V::add(load_w(yr + c, w), load_w(b + c, w)), w);
    }
  }
}

// out [cols] = (accumulate ? out : 0) + Σ_r x [r, :], row by row (the order of the scalar loop)
void sum_rows_cols(size_t rows, size_t cols, const float* x, float* out, bool accumulate) {
  if (!accumulate)
    for (size_t c = 0; c < cols; ++c) out[c] = 0.0f;
  for (size_t r = 0; r < rows; ++r) {
    const float* xr = x + r * cols;
    for (size_t c = 0; c < cols; c += V::lanes) {
      const size_t w = cols - c < V::lanes ? cols - c : V::lanes;
      store_w(out + c, V::add(load_w(out + c, w), load_w(xr + c, w)), w);
    }
  }
}

// y += α·x; y may be x
void axpy_n(size_t n, float alpha, const float* x, float* y) {
  const T a = V::set1(alpha);
  for (size_t i = 0; i < n; i += V::lanes) {
    const size_t w = n - i < V::lanes ? n - i : V::lanes;
    store_w(y + i, V::fmadd(a, load_w(x + i, w), load_w(y + i, w)), w);
  }
}

// x *= α
void scale_n(size_t n, float alpha, float* x) {
  const T a = V::set1(alpha);
  map1<V>(n, x, x, [a](T v) { return V::mul(v, a); });
}

// g = grad + wd·w;  μ = 0: w −= lr·g;  else v = first ? g : μ·v + g,  w −= lr·(nesterov ? g + μ·v : v)
void sgd_step_n(size_t n, float* w, const float* grad, float* velocity, float lr, float momentum, float weight_decay,
                bool nesterov, bool first) {
  const T l = V::set1(lr), mu = V::set1(momentum), wd = V::set1(weight_decay);
  for (size_t i = 0; i < n; i += V::lanes) {
    const size_t k = n - i < V::lanes ? n - i : V::lanes;
    const T wv = load_w(w + i, k), g = V::fmadd(wd, wv, load_w(grad + i, k));
    if (momentum == 0.0f) {
      store_w(w + i, V::fnmadd(l, g, wv), k);
      continue;
    }
    const T v = first ? g : V::fmadd(mu, load_w(velocity + i, k), g);
    store_w(velocity + i, v, k);
    store_w(w + i, V::fnmadd(l, nesterov ? V::fmadd(mu, v, g) : v, wv), k);
  }
}

// g = grad + wd·w; m = β1 m + (1−β1) g; v = β2 v + (1−β2) g²; w −= step_size·m / (sqrt(v)/bc2_sqrt + ε)
// with step_size = lr/(1 − β1^t), bc2_sqrt = sqrt(1 − β2^t) computed by the caller
void adam_step_n(size_t n, float* w, const float* grad, float* m, float* v, float beta1, float beta2, float eps,
                 float weight_decay, float step_size, float bc2_sqrt) {
  const T b1 = V::set1(beta1), b2 = V::set1(beta2), c1 = V::set1(1.0f - beta1), c2 = V::set1(1.0f - beta2);
  const T e = V::set1(eps), wd = V::set1(weight_decay), ss = V::set1(step_size), bc = V::set1(bc2_sqrt);
  for (size_t i = 0; i < n; i += V::lanes) {
    const size_t k = n - i < V::lanes ? n - i : V::lanes;
    const T wv = load_w(w + i, k), g = V::fmadd(wd, wv, load_w(grad + i, k));
    const T mv = V::fmadd(b1, load_w(m + i, k), V::mul(c1, g));
    const T vv = V::fmadd(b2, load_w(v + i, k), V::mul(V::mul(c2, g), g));
    store_w(m + i, mv, k);
    store_w(v + i, vv, k);
    store_w(w + i, V::sub(wv, V::div(V::mul(ss, mv), V::add(V::div(V::sqrt(vv), bc), e))), k);
  }
}
