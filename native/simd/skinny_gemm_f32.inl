// The skinny SGEMM y = act(alpha·x·wᵀ + beta·y + bias), written once against VecF32 and compiled per ISA: each
// skinny_gemm_f32__<isa>.cc defines NNKIT_SKINNY_MAX_ROWS (x rows per tile: 4 with 32 vector registers, 2 with
// 16) and includes this inside its target region and an anonymous namespace. Contract: skinny_gemm_f32.h.

// Dot products of S rows of x with R rows of w: out[s][r] = Σ_p x[s, p]·w[r, p]. S·R independent accumulators;
// each w vector loaded once and used S times, each x vector used R times. K tail: one masked step (fill 0).
template <size_t S, size_t R>
inline void dot_tile(size_t k, const float* x, size_t ldx, const float* w, size_t ldw, float out[S][R]) {
  using V = VecF32;
  typename V::T acc[S][R];
  for (size_t s = 0; s < S; ++s)
    for (size_t r = 0; r < R; ++r) acc[s][r] = V::set1(0.0f);
  size_t p = 0;
  for (; p + V::lanes <= k; p += V::lanes) {
    typename V::T wv[R];
    for (size_t r = 0; r < R; ++r) {
      // One x row: each weight line is used once, so prefetch it 512 B ahead as non-temporal (PREFETCHNTA). The
      // whole MLP at batch 1 on one AVX-512 thread (CPU time, best of 9 × 3000): 24.4 µs without, 22.9 with;
      // T0 instead of NTA 23.6, NTA at 256 B 23.0, at 1 KB 24.4.
      if (S == 1) __builtin_prefetch(w + r * ldw + p + 128, 0, 0);
      wv[r] = V::load(w + r * ldw + p);
    }
    for (size_t s = 0; s < S; ++s) {
      const typename V::T xv = V::load(x + s * ldx + p);
      for (size_t r = 0; r < R; ++r) acc[s][r] = V::fmadd(xv, wv[r], acc[s][r]);
    }
  }
  if (p < k) {
    const size_t t = k - p;
    for (size_t s = 0; s < S; ++s) {
      const typename V::T xv = V::load_tail(x + s * ldx + p, t, 0.0f);
      for (size_t r = 0; r < R; ++r) acc[s][r] = V::fmadd(xv, V::load_tail(w + r * ldw + p, t, 0.0f), acc[s][r]);
    }
  }
  for (size_t s = 0; s < S; ++s)
    for (size_t r = 0; r < R; ++r) out[s][r] = V::sum(acc[s][r]);
}

// y[s, r] = act(alpha·dot + beta·y + bias[r]) for the S × R tile at y (bias already offset to the tile's columns).
template <size_t S, size_t R>
inline void skinny_tile(size_t k, const float* x, size_t ldx, const float* w, size_t ldw, float* y, size_t ldy,
                        const SkinnyEpilogue& ep, const float* bias) {
  float out[S][R];
  dot_tile<S, R>(k, x, ldx, w, ldw, out);
  for (size_t s = 0; s < S; ++s)
    for (size_t r = 0; r < R; ++r) {
      float v = ep.alpha * out[s][r];
      if (ep.beta != 0.0f) v += ep.beta * y[s * ldy + r];
      if (bias != nullptr) v += bias[r];
      y[s * ldy + r] = ep.relu && v < 0.0f ? 0.0f : v;
    }
}

using SkinnyTileFn = void (*)(size_t, const float*, size_t, const float*, size_t, float*, size_t, const SkinnyEpilogue&,
                              const float*);

// Tiles for every (S, R): one x row takes 8 weight rows at a time (8 chains); more x rows take 6 with 32 vector
// registers (4 × 6 accumulators + 6 weight vectors + 1 x vector = 31) or 4 with 16 (2 × 4 + 4 + 1 = 13). At
// 12 and 16 rows × 512 × 784 on one AVX-512 thread, 4 × 6 tiles took 57 and 74 µs where 4 × 4 took 63 and 85.
template <size_t S, size_t... R>
struct SkinnyTiles {
  static constexpr SkinnyTileFn fns[] = {skinny_tile<S, R>...};
};
constexpr size_t kWideR = 8;

#if NNKIT_SKINNY_MAX_ROWS >= 4
constexpr size_t kNarrowR = 6;
inline SkinnyTileFn skinny_tile_for(size_t s, size_t r) {
  using One = SkinnyTiles<1, 1, 2, 3, 4, 5, 6, 7, 8>;
  using Two = SkinnyTiles<2, 1, 2, 3, 4, 5, 6>;
  using Three = SkinnyTiles<3, 1, 2, 3, 4, 5, 6>;
  using Four = SkinnyTiles<4, 1, 2, 3, 4, 5, 6>;
  if (s == 4) return Four::fns[r - 1];
  if (s == 3) return Three::fns[r - 1];
  if (s == 2) return Two::fns[r - 1];
  return One::fns[r - 1];
}
#else
constexpr size_t kNarrowR = 4;
inline SkinnyTileFn skinny_tile_for(size_t s, size_t r) {
  using One = SkinnyTiles<1, 1, 2, 3, 4, 5, 6, 7, 8>;
  using Two = SkinnyTiles<2, 1, 2, 3, 4>;
  if (s == 2) return Two::fns[r - 1];
  return One::fns[r - 1];
}
#endif

// Loop order: a block of weight rows (R·k floats, in L1 after the first x group) meets every group of x rows.
inline void skinny_gemm_nt(size_t m, size_t n, size_t k, const float* x, size_t ldx, const float* w, size_t ldw,
                           float* y, size_t ldy, const SkinnyEpilogue& ep) {
  const size_t rmax = m == 1 ? kWideR : kNarrowR;
  for (size_t j = 0; j < n; j += rmax) {
    const size_t r = n - j < rmax ? n - j : rmax;
    const float* bias = ep.bias != nullptr ? ep.bias + j : nullptr;
    for (size_t i = 0; i < m; i += NNKIT_SKINNY_MAX_ROWS) {
      const size_t s = m - i < NNKIT_SKINNY_MAX_ROWS ? m - i : NNKIT_SKINNY_MAX_ROWS;
      skinny_tile_for(s, r)(k, x + i * ldx, ldx, w + j * ldw, ldw, y + i * ldy + j, ldy, ep, bias);
    }
  }
}
