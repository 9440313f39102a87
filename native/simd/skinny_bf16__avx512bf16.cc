// AVX512_BF16 kernels of the bf16 dense product for few rows (contract: skinny_bf16.h). Tile: S rows of x × V
// vectors of 16 columns, S·V fp32 accumulators over all of k; per pair q, V loads from the panels (two vectors
// per 32-column panel, so a block of 8 vectors reads 4 panels as 4 sequential streams) and S broadcasts of x's
// pair word. As the fp32 panel kernel (skinny_gemm_nn_f32.inl): 8 vectors for 1–2 rows, 4 for 3–4, pairs 8 ahead
// prefetched (non-temporal for one row: each weight is read once), row groups of 4 re-reading a block from L2.
#include "skinny_bf16.h"

#if defined(__x86_64__) || defined(_M_X64)
#include <immintrin.h>

#include "target.h"

NNKIT_TARGET_BEGIN("avx512f,avx512vl,avx512bw,avx512bf16")
namespace nnkit {
namespace {

constexpr size_t kPanel = 32, kLanes = 16, kMaxRows = 4, kPrefetchPairs = 8;

inline __mmask16 mask_below(size_t n) { return n >= 16 ? 0xFFFF : static_cast<__mmask16>((1u << n) - 1); }

// Where the weights are: vector v of a tile is half v % 2 of panel v / 2 (panels `panel_words` apart).
struct Panels {
  const uint32_t* w;
  size_t panel_words;
  const uint32_t* vector(size_t v) const { return w + v / 2 * panel_words + v % 2 * kLanes; }
};

// y[s, c] = act(Σ_q x[s, q] · w[q, c] + bias[c]) for s < S and the tile's cols ≤ 16·V columns (y, bias and w
// offset to the tile's first column); Locality: the prefetch hint (0: each weight read once).
template <size_t S, size_t V, int Locality>
void tile(size_t pairs, const uint32_t* x, size_t ldx, const Panels& w, size_t cols, float* y, size_t ldy,
          const float* bias, bool relu) {
  const uint32_t* base[V];
  for (size_t v = 0; v < V; ++v) base[v] = w.vector(v);
  __m512 acc[S][V];
  for (size_t s = 0; s < S; ++s)
    for (size_t v = 0; v < V; ++v) acc[s][v] = _mm512_setzero_ps();
  for (size_t q = 0; q < pairs; ++q) {
    if (q + kPrefetchPairs < pairs)
      for (size_t v = 0; v < V; ++v) __builtin_prefetch(base[v] + (q + kPrefetchPairs) * kPanel, 0, Locality);
    __m512bh bv[V];
    for (size_t v = 0; v < V; ++v) bv[v] = reinterpret_cast<__m512bh>(_mm512_loadu_si512(base[v] + q * kPanel));
    for (size_t s = 0; s < S; ++s) {
      const __m512bh xs = reinterpret_cast<__m512bh>(_mm512_set1_epi32(static_cast<int>(x[s * ldx + q])));
      for (size_t v = 0; v < V; ++v) acc[s][v] = _mm512_dpbf16_ps(acc[s][v], xs, bv[v]);
    }
  }
  const __m512 zero = _mm512_setzero_ps();
  for (size_t v = 0; v < V; ++v) {
    const size_t c = v * kLanes;
    const __mmask16 m = mask_below(cols - c);  // cols > c: V = ⌈cols / 16⌉
    const __m512 b = bias != nullptr ? _mm512_maskz_loadu_ps(m, bias + c) : zero;
    for (size_t s = 0; s < S; ++s) {
      __m512 r = _mm512_add_ps(acc[s][v], b);
      if (relu) r = _mm512_mask_mov_ps(r, _mm512_cmp_ps_mask(r, zero, _CMP_LT_OQ), zero);  // NaN stays NaN
      _mm512_mask_storeu_ps(y + s * ldy + c, m, r);
    }
  }
}

using TileFn = void (*)(size_t, const uint32_t*, size_t, const Panels&, size_t, float*, size_t, const float*, bool);

template <size_t S, int Locality, size_t... V>
struct Tiles {
  static constexpr TileFn fns[] = {tile<S, V, Locality>...};
};
using OneRowOnce = Tiles<1, 0, 1, 2, 3, 4, 5, 6, 7, 8>;
using Rows1 = Tiles<1, 3, 1, 2, 3, 4, 5, 6, 7, 8>;
using Rows2 = Tiles<2, 3, 1, 2, 3, 4, 5, 6, 7, 8>;
using Rows3 = Tiles<3, 3, 1, 2, 3, 4>;
using Rows4 = Tiles<4, 3, 1, 2, 3, 4>;

// The tile for a group of s rows (of m) and v vectors.
TileFn tile_for(size_t m, size_t s, size_t v) {
  if (m == 1) return OneRowOnce::fns[v - 1];
  switch (s) {
    case 1: return Rows1::fns[v - 1];
    case 2: return Rows2::fns[v - 1];
    case 3: return Rows3::fns[v - 1];
    default: return Rows4::fns[v - 1];
  }
}

}  // namespace

void bf16_rows__avx512bf16(size_t m, size_t k, const float* x, size_t ldx, uint16_t* out) {
  const size_t width = (k + 1) / 2 * 2;
  for (size_t i = 0; i < m; ++i) {
    const float* xi = x + i * ldx;
    uint16_t* oi = out + i * width;
    for (size_t p = 0; p < width; p += 32) {
      const size_t rest = k > p ? k - p : 0;
      const __mmask16 lo = mask_below(rest), hi = rest > 16 ? mask_below(rest - 16) : 0;
      const __m512bh both =
          _mm512_cvtne2ps_pbh(_mm512_maskz_loadu_ps(hi, xi + p + 16), _mm512_maskz_loadu_ps(lo, xi + p));
      const size_t words = width - p < 32 ? (width - p) / 2 : 16;  // 32-bit words of 2 values each
      _mm512_mask_storeu_epi32(oi + p, mask_below(words), reinterpret_cast<__m512i>(both));
    }
  }
}

void skinny_bf16_panels__avx512bf16(size_t m, size_t n, size_t k, const uint32_t* x, size_t ldx, const uint32_t* w,
                                    float* y, size_t ldy, const float* bias, bool relu) {
  const size_t pairs = (k + 1) / 2, vectors = m <= 2 ? 8 : 4, width = vectors * kLanes;
  for (size_t j = 0; j < n; j += width) {
    const size_t cols = n - j < width ? n - j : width;
    const Panels at{w + j / kPanel * pairs * kPanel, pairs * kPanel};
    for (size_t i = 0; i < m; i += kMaxRows) {
      const size_t s = m - i < kMaxRows ? m - i : kMaxRows;
      tile_for(m, s, (cols + kLanes - 1) / kLanes)(pairs, x + i * ldx, ldx, at, cols, y + i * ldy + j, ldy,
                                                   bias != nullptr ? bias + j : nullptr, relu);
    }
  }
}

}  // namespace nnkit
NNKIT_TARGET_END
#endif
