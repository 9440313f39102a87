// Packing into micro-panels; layout in gemm_pack.h. Both packers reduce to one routine: copy a strided matrix
// into panels of `width` lanes. For each panel, src(p, l) is the l-th lane of row p; lanes are contiguous in the
// source when `lane_stride` is 1 (a straight copy, which vectorizes) and strided otherwise (a transpose, done in
// 16 × 16 AVX-512, 8 × 8 AVX2 or 4 × 4 SSE2 register blocks).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"  // GCC bug 105593, as in f32_ukernels__avx512.cc
#endif
#include "gemm_pack.h"

#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__)
#include <immintrin.h>

#include "../simd/cpu.h"
#endif

namespace nnkit {
namespace {

// out[p·W + l] = src[p·ld + l] for l < W: W contiguous floats per row. A memcpy call per 64-byte row costs more
// than the copy (18 % of a 128 × 784 × 512 product with 16-wide panels); a fixed size compiles to a few moves.
template <size_t W>
void copy_rows(size_t kc, const float* src, size_t ld, float* out) {
  for (size_t p = 0; p < kc; ++p) std::memcpy(out + p * W, src + p * ld, W * sizeof(float));
}

#if defined(__x86_64__)
// 8 source rows × kc into lanes 0..7 of a panel, 8 × 8 blocks through AVX registers: twice the values per
// shuffle of the SSE2 4 × 4 path. The packing of a transposed operand (X·Wᵀ packs W this way, and X itself as
// A) was 10 % of the 128 × 512 × 784 forward product on one AVX-512 thread with the 4 × 4 path (perf record);
// p past the last multiple of 8 is left to the caller's narrower paths.
__attribute__((target("avx2"))) size_t transpose8_avx2(size_t kc, const float* src, size_t ld, size_t width,
                                                       float* out) {
  const float* r[8];
  for (size_t i = 0; i < 8; ++i) r[i] = src + i * ld;
  size_t p = 0;
  for (; p + 8 <= kc; p += 8) {
    __m256 x[8], t[8];
    for (size_t i = 0; i < 8; ++i) x[i] = _mm256_loadu_ps(r[i] + p);
    for (size_t i = 0; i < 8; i += 2) {
      t[i] = _mm256_unpacklo_ps(x[i], x[i + 1]);      // rows i, i+1 interleaved: p0 p0' p1 p1' | p4 p4' p5 p5'
      t[i + 1] = _mm256_unpackhi_ps(x[i], x[i + 1]);  //                          p2 p2' p3 p3' | p6 p6' p7 p7'
    }
    for (size_t i = 0; i < 8; i += 4) {
      x[i] = _mm256_shuffle_ps(t[i], t[i + 2], 0x44);          // p0 of rows i..i+3 | p4
      x[i + 1] = _mm256_shuffle_ps(t[i], t[i + 2], 0xEE);      // p1 | p5
      x[i + 2] = _mm256_shuffle_ps(t[i + 1], t[i + 3], 0x44);  // p2 | p6
      x[i + 3] = _mm256_shuffle_ps(t[i + 1], t[i + 3], 0xEE);  // p3 | p7
    }
    float* o = out + p * width;
    for (size_t q = 0; q < 4; ++q) {
      _mm256_storeu_ps(o + q * width, _mm256_permute2f128_ps(x[q], x[q + 4], 0x20));        // p = q: rows 0..7
      _mm256_storeu_ps(o + (q + 4) * width, _mm256_permute2f128_ps(x[q], x[q + 4], 0x31));  // p = q + 4
    }
  }
  return p;
}

// x[i] = 16 floats of source row i (p = 0..15) → z[p] = the 16 rows' values at p: unpack pairs of rows,
// shuffle quads (as in transpose8_avx2, per 128-bit lane), then a 4 × 4 transpose of the 128-bit lanes.
__attribute__((target("avx512f"), always_inline)) inline void transpose16x16(__m512 x[16], __m512 z[16]) {
  __m512 t[16];
  for (size_t i = 0; i < 16; i += 2) {
    t[i] = _mm512_unpacklo_ps(x[i], x[i + 1]);      // per lane k: p4k p4k' p4k+1 p4k+1' (rows i, i+1)
    t[i + 1] = _mm512_unpackhi_ps(x[i], x[i + 1]);  //             p4k+2 .. p4k+3
  }
  for (size_t i = 0; i < 16; i += 4) {  // x[g·4 + q] lane k: rows 4g..4g+3 at p = 4k + q
    x[i] = _mm512_shuffle_ps(t[i], t[i + 2], 0x44);
    x[i + 1] = _mm512_shuffle_ps(t[i], t[i + 2], 0xEE);
    x[i + 2] = _mm512_shuffle_ps(t[i + 1], t[i + 3], 0x44);
    x[i + 3] = _mm512_shuffle_ps(t[i + 1], t[i + 3], 0xEE);
  }
  for (size_t q = 0; q < 4; ++q) {
    const __m512 a = _mm512_shuffle_f32x4(x[q], x[4 + q], 0x44);  // lanes 0, 1 of groups 0 and 1
    const __m512 b = _mm512_shuffle_f32x4(x[q], x[4 + q], 0xEE);  // lanes 2, 3
    const __m512 c = _mm512_shuffle_f32x4(x[8 + q], x[12 + q], 0x44);
    const __m512 d = _mm512_shuffle_f32x4(x[8 + q], x[12 + q], 0xEE);
    z[q] = _mm512_shuffle_f32x4(a, c, 0x88);       // p = q: lane k of groups 0..3 for k = 0
    z[4 + q] = _mm512_shuffle_f32x4(a, c, 0xDD);   // k = 1
    z[8 + q] = _mm512_shuffle_f32x4(b, d, 0x88);   // k = 2
    z[12 + q] = _mm512_shuffle_f32x4(b, d, 0xDD);  // k = 3
  }
}

// rows (1..16) source rows × kc into lanes 0..rows-1 of a panel, 16 × 16 blocks through AVX-512 registers; lanes
// past rows are not written (masked stores: a 14-row A panel takes one block), nor is p past kc (masked loads).
// Half the shuffles per value of transpose8_avx2, and each row's next 256 bytes prefetched (16 streams at a
// 3136-byte stride when packing Wᵀ of the 128 × 512 × 784 forward): that product 0.46 → 0.43 ms (docs/bf16.md).
__attribute__((target("avx512f"))) void transpose16_avx512(size_t rows, size_t kc, const float* src, size_t ld,
                                                           size_t width, float* out) {
  const float* r[16];
  for (size_t i = 0; i < 16; ++i) r[i] = src + (i < rows ? i : rows - 1) * ld;  // rows past the last: repeats
  const __mmask16 lanes = static_cast<__mmask16>((1u << rows) - 1);
  __m512 x[16], z[16];
  size_t p = 0;
  for (; p + 16 <= kc; p += 16) {
    for (size_t i = 0; i < 16; ++i) {
      x[i] = _mm512_loadu_ps(r[i] + p);
      _mm_prefetch(reinterpret_cast<const char*>(r[i] + p + 64), _MM_HINT_T0);
    }
    transpose16x16(x, z);
    for (size_t q = 0; q < 16; ++q) _mm512_mask_storeu_ps(out + (p + q) * width, lanes, z[q]);
  }
  if (p < kc) {
    const __mmask16 tail = static_cast<__mmask16>((1u << (kc - p)) - 1);
    for (size_t i = 0; i < 16; ++i) x[i] = _mm512_maskz_loadu_ps(tail, r[i] + p);
    transpose16x16(x, z);
    for (size_t q = 0; p + q < kc; ++q) _mm512_mask_storeu_ps(out + (p + q) * width, lanes, z[q]);
  }
}

bool use_avx512_transpose() {
  static const bool avx512 = simd_allows(SimdLevel::avx512);
  return avx512;
}

bool use_avx2_transpose() {
  static const bool avx2 = simd_allows(SimdLevel::avx2);
  return avx2;
}
#endif

// out[p·width + l] = src[l·ld + p] for l < w, p < kc: a transpose of w source rows into one panel.
void transpose_strided(size_t w, size_t kc, const float* src, size_t ld, size_t width, float* out) {
  size_t l = 0;
#if defined(__x86_64__)
  if (use_avx512_transpose()) {
    for (; l < w; l += 16) transpose16_avx512(w - l < 16 ? w - l : 16, kc, src + l * ld, ld, width, out + l);
    return;
  }
  if (use_avx2_transpose()) {
    for (; l + 8 <= w; l += 8) {
      const float* s = src + l * ld;
      float* o = out + l;
      for (size_t p = transpose8_avx2(kc, s, ld, width, o); p < kc; ++p)
        for (size_t i = 0; i < 8; ++i) o[p * width + i] = s[i * ld + p];
    }
  }
#endif
#if defined(__SSE2__)
  // 4 × 4 blocks through SSE2 registers (the x86-64 baseline): 4 loads, a transpose, 4 stores per 16 values,
  // instead of 16 scalar gathers.
  for (; l + 4 <= w; l += 4) {
    const float* r0 = src + l * ld;
    const float* r1 = r0 + ld;
    const float* r2 = r1 + ld;
    const float* r3 = r2 + ld;
    size_t p = 0;
    for (; p + 4 <= kc; p += 4) {
      __m128 x0 = _mm_loadu_ps(r0 + p), x1 = _mm_loadu_ps(r1 + p), x2 = _mm_loadu_ps(r2 + p), x3 = _mm_loadu_ps(r3 + p);
      _MM_TRANSPOSE4_PS(x0, x1, x2, x3);
      float* o = out + p * width + l;
      _mm_storeu_ps(o, x0);
      _mm_storeu_ps(o + width, x1);
      _mm_storeu_ps(o + 2 * width, x2);
      _mm_storeu_ps(o + 3 * width, x3);
    }
    for (; p < kc; ++p) {
      float* o = out + p * width + l;
      o[0] = r0[p];
      o[1] = r1[p];
      o[2] = r2[p];
      o[3] = r3[p];
    }
  }
  // 2 lanes (the tail of 6- and 14-row panels): interleave, then 8-byte stores.
  if (l + 2 <= w) {
    const float* r0 = src + l * ld;
    const float* r1 = r0 + ld;
    size_t p = 0;
    for (; p + 4 <= kc; p += 4) {
      const __m128 x0 = _mm_loadu_ps(r0 + p), x1 = _mm_loadu_ps(r1 + p);
      const __m128 lo = _mm_unpacklo_ps(x0, x1), hi = _mm_unpackhi_ps(x0, x1);
      float* o = out + p * width + l;
      _mm_storel_pi(reinterpret_cast<__m64*>(o), lo);
      _mm_storeh_pi(reinterpret_cast<__m64*>(o + width), lo);
      _mm_storel_pi(reinterpret_cast<__m64*>(o + 2 * width), hi);
      _mm_storeh_pi(reinterpret_cast<__m64*>(o + 3 * width), hi);
    }
    for (; p < kc; ++p) {
      out[p * width + l] = r0[p];
      out[p * width + l + 1] = r1[p];
    }
    l += 2;
  }
#endif
  for (; l < w; ++l)
    for (size_t p = 0; p < kc; ++p) out[p * width + l] = src[l * ld + p];
}

// out[panel][p][lane] = src[(panel·width + lane)·lane_stride + p·p_stride], zero for lanes ≥ lanes.
void pack_panels(size_t lanes, size_t kc, const float* src, size_t lane_stride, size_t p_stride, size_t width,
                 float* out) {
  for (size_t l0 = 0; l0 < lanes; l0 += width) {
    const size_t w = lanes - l0 < width ? lanes - l0 : width;
    const float* s = src + l0 * lane_stride;
    if (lane_stride == 1) {
      switch (w == width ? width : 0) {  // whole panels of the usual widths: fixed-size copies, inlined
        case 4: copy_rows<4>(kc, s, p_stride, out); break;
        case 8: copy_rows<8>(kc, s, p_stride, out); break;
        case 16: copy_rows<16>(kc, s, p_stride, out); break;
        case 32: copy_rows<32>(kc, s, p_stride, out); break;
        default:
          for (size_t p = 0; p < kc; ++p) {
            float* o = out + p * width;
            std::memcpy(o, s + p * p_stride, w * sizeof(float));
            for (size_t l = w; l < width; ++l) o[l] = 0.0f;
          }
      }
    } else {
      // p_stride == 1: each lane is a contiguous source row; transpose 4 lanes × 4 p at a time.
      transpose_strided(w, kc, s, lane_stride, width, out);
      if (w < width)
        for (size_t p = 0; p < kc; ++p)
          for (size_t l = w; l < width; ++l) out[p * width + l] = 0.0f;
    }
    out += kc * width;
  }
}

}  // namespace

void gemm_pack_a(bool trans, size_t m, size_t kc, const float* a, size_t lda, size_t mr, float* out) {
  // Lanes are rows i of op(A). Stored A [M,K]: lane stride lda, p stride 1. Stored Aᵀ [K,M]: lane stride 1, p lda.
  if (trans)
    pack_panels(m, kc, a, 1, lda, mr, out);
  else
    pack_panels(m, kc, a, lda, 1, mr, out);
}

void gemm_pack_b(bool trans, size_t kc, size_t n, const float* b, size_t ldb, size_t nr, float* out) {
  // Lanes are columns j of op(B). Stored B [K,N]: lane stride 1, p stride ldb. Stored Bᵀ [N,K]: lane ldb, p 1.
  if (trans)
    pack_panels(n, kc, b, ldb, 1, nr, out);
  else
    pack_panels(n, kc, b, 1, ldb, nr, out);
}

}  // namespace nnkit
