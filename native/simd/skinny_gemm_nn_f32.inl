// The skinny SGEMM with b stored [K, N] (a frozen dense layer's weights, transposed once), written once against
// VecF32 and compiled per ISA next to skinny_gemm_f32.inl (same NNKIT_SKINNY_MAX_ROWS). Contract:
// skinny_gemm_f32.h (skinny_gemm_nn_f32__<isa>).
// Tile: S rows of x × V vectors of columns, S·V accumulators kept over all of K; per p, V loads from b's row p
// (one contiguous segment) and S broadcasts of x. Row p + kNnPrefetchRows is prefetched: b's rows are ldb apart,
// so the hardware stream prefetcher alone sees V lines per 2 KB page stride. One AVX-512 thread, the bench MLP's
// 784→512→256 at batch 1 (CPU time, best of 21 × 1000, weights from L3): 8 vectors without prefetch 18.5 µs, with
// it 8 rows ahead 17.7, the dot-product form over [N, K] 19.1; at 4 and 8 rows (512 × 784): 4 × 4 tiles 15.3 and
// 27 µs against 17.3 and 35 for the 4 × 6 dot-product tiles.

constexpr size_t kNnPrefetchRows = 8;

// Columns [start, start + count) of y that one vector of a tile covers (count ≤ lanes; 0: none).
struct NnSpan {
  size_t start, count;
};

constexpr size_t kNnLineVectors = 16 / VecF32::lanes > 0 ? 16 / VecF32::lanes : 1;  // vectors per 64-byte line

// acc[s][v] = Σ_p x[s, p]·(vector v's values at row p: base[v] + p·ldb); Full: every vector whole (no masks).
// PfStep: vectors per prefetched line (vectors v … v + PfStep − 1 of a row share one 64-byte line).
template <size_t S, size_t V, int Locality, bool Full, size_t PfStep>
inline void nn_accumulate(size_t k, const float* x, size_t ldx, const float* const (&base)[V], size_t ldb,
                          const NnSpan* span, typename VecF32::T (&acc)[S][V]) {
  using Vec = VecF32;
  for (size_t p = 0; p < k; ++p) {
    const size_t row = p * ldb;
    if (p + kNnPrefetchRows < k)
      for (size_t v = 0; v < V; v += Full ? PfStep : 1)
        if (Full || span[v].count > 0) __builtin_prefetch(base[v] + row + kNnPrefetchRows * ldb, 0, Locality);
    typename Vec::T bv[V];
    for (size_t v = 0; v < V; ++v)
      bv[v] = Full || span[v].count == Vec::lanes ? Vec::load(base[v] + row)
                                                  : Vec::load_tail(base[v] + row, span[v].count, 0.0f);
    for (size_t s = 0; s < S; ++s) {
      const typename Vec::T xs = Vec::set1(x[s * ldx + p]);
      for (size_t v = 0; v < V; ++v) acc[s][v] = Vec::fmadd(xs, bv[v], acc[s][v]);
    }
  }
}

// The epilogue: y[s, span v] = act(alpha·acc[s][v] + beta·y + bias), masked for partial spans.
template <size_t S, size_t V>
inline void nn_store(const NnSpan* span, typename VecF32::T (&acc)[S][V], float* y, size_t ldy,
                     const SkinnyEpilogue& ep) {
  using Vec = VecF32;
  const typename Vec::T zero = Vec::set1(0.0f), alpha = Vec::set1(ep.alpha), beta = Vec::set1(ep.beta);
  for (size_t v = 0; v < V; ++v) {
    const size_t n = span[v].count, c = span[v].start;
    if (n == 0) continue;
    const auto load = [n](const float* q) { return n == Vec::lanes ? Vec::load(q) : Vec::load_tail(q, n, 0.0f); };
    const typename Vec::T bias_v = ep.bias != nullptr ? load(ep.bias + c) : zero;
    for (size_t s = 0; s < S; ++s) {
      float* ys = y + s * ldy + c;
      typename Vec::T r = Vec::mul(alpha, acc[s][v]);
      if (ep.beta != 0.0f) r = Vec::fmadd(beta, load(ys), r);
      r = Vec::add(r, bias_v);
      if (ep.relu) r = Vec::select(Vec::lt(r, zero), zero, r);  // NaN stays NaN
      if (n == Vec::lanes)
        Vec::store(ys, r);
      else
        Vec::store_tail(ys, r, n);
    }
  }
}

// Where the weights' columns are: column c of row p at b + (c / panel)·panel_stride + c % panel + p·ldb. Stored
// [K, N] (rows ldb apart): one panel (panel ≥ n, stride 0). In full-K panels of P columns (linear_forward_panels):
// ldb = P, panel = P, stride K·P, so each panel is one sequential stream. A vector never straddles two panels
// (P is a multiple of the lanes).
struct NnLayout {
  const float* b;
  size_t ldb, panel, panel_stride;
  const float* column(size_t c) const { return b + c / panel * panel_stride + c % panel; }
};

// y[s, c] = act(alpha·Σ_p x[s, p]·b[p, c] + beta·y[s, c] + bias[c]) for s < S and the columns c of the tile at
// column j of b (y and the bias are already offset to it): a full tile (spans null) has V whole vectors from
// column j; otherwise vector v covers spans[v] (partial vectors are read and written masked: nothing outside the
// spans is touched). Locality: the prefetch hint (0 = each weight used once, 3 = read again from L2 by the next
// rows).
template <size_t S, size_t V, int Locality>
inline void nn_tile(size_t k, const float* x, size_t ldx, const NnLayout& w, size_t j, const NnSpan* spans, float* y,
                    size_t ldy, const SkinnyEpilogue& ep) {
  using Vec = VecF32;
  NnSpan span[V];
  const float* base[V];
  for (size_t v = 0; v < V; ++v) {
    span[v] = spans == nullptr ? NnSpan{v * Vec::lanes, Vec::lanes} : spans[v];
    base[v] = span[v].count > 0 ? w.column(j + span[v].start) : w.b;
  }
  typename Vec::T acc[S][V];
  for (size_t s = 0; s < S; ++s)
    for (size_t v = 0; v < V; ++v) acc[s][v] = Vec::set1(0.0f);
  if (spans != nullptr)
    nn_accumulate<S, V, Locality, false, 1>(k, x, ldx, base, w.ldb, span, acc);
  else if (w.panel_stride == 0)  // [K, N]: neighbouring vectors of a row share lines
    nn_accumulate<S, V, Locality, true, kNnLineVectors>(k, x, ldx, base, w.ldb, span, acc);
  else
    nn_accumulate<S, V, Locality, true, 1>(k, x, ldx, base, w.ldb, span, acc);
  nn_store<S, V>(span, acc, y, ldy, ep);
}

using NnTileFn = void (*)(size_t, const float*, size_t, const NnLayout&, size_t, const NnSpan*, float*, size_t,
                          const SkinnyEpilogue&);

// Tiles (S, V) for S = 1..NNKIT_SKINNY_MAX_ROWS. One x row (8 accumulators, the b loads fold into the FMAs) or,
// with 32 vector registers, two rows (16 + 8 + 2) take 8 vectors; more rows take 4 (4 × 4 + 4 + 1 = 21; with 16
// registers 2 × 4 + 4 + 2 = 14). A single x row reads each weight once: prefetch non-temporal; otherwise the
// block (K × V·lanes floats) is read again by the next rows from L2.
template <size_t V, size_t... S>
struct NnTiles {
  static constexpr NnTileFn fns[] = {nn_tile<S, V, 3>...};
};
#if NNKIT_SKINNY_MAX_ROWS >= 4
constexpr size_t kNnWideMaxRows = 2;
using NnWide = NnTiles<8, 1, 2>;
using NnNarrow = NnTiles<4, 1, 2, 3, 4>;
#else
constexpr size_t kNnWideMaxRows = 1;
using NnWide = NnTiles<8, 1>;
using NnNarrow = NnTiles<4, 1, 2>;
#endif

inline size_t nn_vectors(size_t m) { return m <= kNnWideMaxRows ? 8 : 4; }

inline NnTileFn nn_tile_for(size_t m, size_t s) {
  if (m == 1) return nn_tile<1, 8, 0>;
  return m <= kNnWideMaxRows ? NnWide::fns[s - 1] : NnNarrow::fns[s - 1];
}

// One block of columns (spans null: V whole vectors from column j) for every group of x rows: the block's K rows of
// b are read from L3 or memory once, and from L2 by the later groups.
inline void nn_block(size_t m, size_t j, const NnSpan* spans, size_t k, const float* x, size_t ldx, const NnLayout& w,
                     float* y, size_t ldy, const SkinnyEpilogue& ep) {
  const SkinnyEpilogue at{ep.alpha, ep.beta, ep.bias != nullptr ? ep.bias + j : nullptr, ep.relu};
  for (size_t i = 0; i < m; i += NNKIT_SKINNY_MAX_ROWS) {
    const size_t s = m - i < NNKIT_SKINNY_MAX_ROWS ? m - i : NNKIT_SKINNY_MAX_ROWS;
    nn_tile_for(m, s)(k, x + i * ldx, ldx, w, j, spans, y + i * ldy + j, ldy, at);
  }
}

// One x row against at most one vector of columns (a classifier's last layer at batch 1, e.g. 256 → 10): the one
// useful FMA chain of the one-row tile without its seven empty ones. The same sums in the same order as every tile
// (one accumulator per column, p ascending), so a row's output does not depend on the rows batched with it. y and
// the bias as in nn_tile (offset to column j). The bench MLP's 256 → 10 at batch 1, one AVX-512 thread: 0.66
// against 1.19 µs (four interleaved accumulators: 0.48, not kept, they changed the sums); docs/inference.md.
inline void nn_narrow_row(size_t k, const float* x, const NnLayout& w, size_t j, size_t cols, float* y,
                          const SkinnyEpilogue& ep) {
  using Vec = VecF32;
  const float* b = w.column(j);
  typename Vec::T acc[1][1] = {{Vec::set1(0.0f)}};
  if (cols == Vec::lanes)
    for (size_t p = 0; p < k; ++p) acc[0][0] = Vec::fmadd(Vec::set1(x[p]), Vec::load(b + p * w.ldb), acc[0][0]);
  else
    for (size_t p = 0; p < k; ++p)
      acc[0][0] = Vec::fmadd(Vec::set1(x[p]), Vec::load_tail(b + p * w.ldb, cols, 0.0f), acc[0][0]);
  const NnSpan span[1] = {{0, cols}};
  nn_store<1, 1>(span, acc, y, 0, ep);
}

// Blocks of V whole vectors from column 0, then one block with the rest. b should be 64-byte aligned (the frozen
// model allocates its weights so: src/infer/shared.ts): with b 16–48 bytes past a cache line, layer 1 of the bench
// MLP (512 × 784) at batch 1 on one AVX-512 thread took 18.5–18.8 µs against 15.0–15.8 aligned. Peeling the
// misaligned first columns into a block of their own, so that the later loads were aligned, did not help (17–18 µs).
inline void skinny_gemm_layout(size_t m, size_t n, size_t k, const float* x, size_t ldx, const NnLayout& w, float* y,
                               size_t ldy, const SkinnyEpilogue& ep) {
  const size_t vectors = nn_vectors(m), width = vectors * VecF32::lanes;
  NnSpan spans[8];
  for (size_t j = 0; j < n; j += width) {
    const size_t cols = n - j < width ? n - j : width;
    if (cols == width) {
      nn_block(m, j, nullptr, k, x, ldx, w, y, ldy, ep);
      continue;
    }
    if (m == 1 && cols <= VecF32::lanes) {
      const SkinnyEpilogue at{ep.alpha, ep.beta, ep.bias != nullptr ? ep.bias + j : nullptr, ep.relu};
      nn_narrow_row(k, x, w, j, cols, y + j, at);
      continue;
    }
    for (size_t v = 0; v < vectors; ++v) {
      const size_t lo = v * VecF32::lanes;
      spans[v] = {lo, cols <= lo ? 0 : cols - lo < VecF32::lanes ? cols - lo : VecF32::lanes};
    }
    nn_block(m, j, spans, k, x, ldx, w, y, ldy, ep);
  }
}

// b stored [K, N], rows ldb apart.
inline void skinny_gemm_nn(size_t m, size_t n, size_t k, const float* x, size_t ldx, const float* b, size_t ldb,
                           float* y, size_t ldy, const SkinnyEpilogue& ep) {
  skinny_gemm_layout(m, n, k, x, ldx, NnLayout{b, ldb, n, 0}, y, ldy, ep);
}

// b in full-K panels of `panel` columns (a multiple of the lanes): panel i = columns i·panel … at b + i·k·panel,
// [k, panel] row-major.
inline void skinny_gemm_panels(size_t m, size_t n, size_t k, const float* x, size_t ldx, const float* b, size_t panel,
                               float* y, size_t ldy, const SkinnyEpilogue& ep) {
  skinny_gemm_layout(m, n, k, x, ldx, NnLayout{b, panel, panel, k * panel}, y, ldy, ep);
}
