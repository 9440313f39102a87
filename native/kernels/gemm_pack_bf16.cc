// bf16 packing (layouts in gemm_pack_bf16.h). The pair layout, from either source layout:
//   lanes contiguous (Aᵀ stored [K, M], B stored [K, N]): the two rows of a pair convert and interleave straight
//     into the panel (bf16_pairs__avx512bf16);
//   k contiguous (A stored [M, K], Bᵀ stored [N, K]): the pair of a lane is adjacent in memory, so 16 lanes' rows
//     convert to words and one 16 × 16 transpose of words writes 16 panel rows (bf16_pairs_of_rows__avx512bf16).
#include "gemm_pack_bf16.h"

#include <algorithm>

#include "../simd/bf16.h"
#include "../simd/bf16_pairs.h"
#include "gemm_pack.h"
#include "kernel_assert.h"

namespace nnkit {
namespace {

// op(A) or op(B) as the packers see it: lanes (rows i of op(A), columns j of op(B)) × k values; T is float, or
// uint16_t for bf16 bits.
template <typename T>
struct Operand {
  bool a, trans;
  const T* src;
  size_t ld;
  // op(A)[i,p] = trans ? a[p·lda + i] : a[i·lda + p]; op(B)[p,j] = trans ? b[j·ldb + p] : b[p·ldb + j].
  bool lane_contiguous() const { return a ? trans : !trans; }
  const T* at(size_t lane, size_t p) const { return lane_contiguous() ? src + p * ld + lane : src + lane * ld + p; }
};

template <typename T>
void pack_pairs(const Operand<T>& x, size_t lanes, size_t kc, size_t width, float* out) {
#if defined(__x86_64__) || defined(_M_X64)
  if (x.lane_contiguous()) return bf16_pairs__avx512bf16(kc, lanes, x.src, x.ld, width, out);  // all panels at once
  const size_t words = (kc + 1) / 2;                                                           // per lane of a panel
  for (size_t l0 = 0; l0 < lanes; l0 += width, out += words * width)
    bf16_pairs_of_rows__avx512bf16(kc, std::min(width, lanes - l0), x.at(l0, 0), x.ld, width, out);
#else
  (void)x, (void)lanes, (void)kc, (void)width, (void)out;  // no bf16 kernel is dispatched on other architectures
#endif
}

void pack_rounded(const Operand<float>& x, size_t lanes, size_t kc, size_t width, float* out) {
  if (x.a)
    gemm_pack_a(x.trans, lanes, kc, x.src, x.ld, width, out);
  else
    gemm_pack_b(x.trans, kc, lanes, x.src, x.ld, width, out);
  const size_t n = (lanes + width - 1) / width * width * kc;
  for (size_t i = 0; i < n; ++i) out[i] = bf16_round(out[i]);
}

// bf16 bits widened to the fp32 values they stand for, in the fp32 layout: out[panel][p][l], lanes past the end 0.
// Only where AVX512_BF16 is missing, so plain loops (in source order: p outer where lanes are contiguous).
void pack_widened(const Operand<uint16_t>& x, size_t lanes, size_t kc, size_t width, float* out) {
  for (size_t l0 = 0; l0 < lanes; l0 += width, out += kc * width) {
    const size_t w = std::min(width, lanes - l0);
    for (size_t p = 0; p < kc; ++p)
      for (size_t l = w; l < width; ++l) out[p * width + l] = 0.0f;
    if (x.lane_contiguous()) {
      for (size_t p = 0; p < kc; ++p)
        for (size_t l = 0; l < w; ++l) out[p * width + l] = bf16_value(*x.at(l0 + l, p));
    } else {
      for (size_t l = 0; l < w; ++l)
        for (size_t p = 0; p < kc; ++p) out[p * width + l] = bf16_value(*x.at(l0 + l, p));
    }
  }
}

}  // namespace

void gemm_pack_a_bf16_pairs(bool trans, size_t m, size_t kc, const float* a, size_t lda, size_t mr, float* out) {
  NNKIT_ASSERT(mr >= 1 && out && lda >= (trans ? m : kc) && (m == 0 || kc == 0 || a));
  pack_pairs(Operand<float>{true, trans, a, lda}, m, kc, mr, out);
}
void gemm_pack_b_bf16_pairs(bool trans, size_t kc, size_t n, const float* b, size_t ldb, size_t nr, float* out) {
  NNKIT_ASSERT(nr >= 1 && out && ldb >= (trans ? kc : n) && (n == 0 || kc == 0 || b));
  pack_pairs(Operand<float>{false, trans, b, ldb}, n, kc, nr, out);
}
void gemm_pack_a_bf16_rounded(bool trans, size_t m, size_t kc, const float* a, size_t lda, size_t mr, float* out) {
  NNKIT_ASSERT(mr >= 1 && out && lda >= (trans ? m : kc) && (m == 0 || kc == 0 || a));
  pack_rounded({true, trans, a, lda}, m, kc, mr, out);
}
void gemm_pack_b_bf16_rounded(bool trans, size_t kc, size_t n, const float* b, size_t ldb, size_t nr, float* out) {
  NNKIT_ASSERT(nr >= 1 && out && ldb >= (trans ? kc : n) && (n == 0 || kc == 0 || b));
  pack_rounded({false, trans, b, ldb}, n, kc, nr, out);
}

void gemm_pack_a_bf16_bits_pairs(bool trans, size_t m, size_t kc, const uint16_t* a, size_t lda, size_t mr,
                                 float* out) {
  NNKIT_ASSERT(mr >= 1 && out && lda >= (trans ? m : kc) && (m == 0 || kc == 0 || a));
  pack_pairs(Operand<uint16_t>{true, trans, a, lda}, m, kc, mr, out);
}
void gemm_pack_b_bf16_bits_pairs(bool trans, size_t kc, size_t n, const uint16_t* b, size_t ldb, size_t nr,
                                 float* out) {
  NNKIT_ASSERT(nr >= 1 && out && ldb >= (trans ? kc : n) && (n == 0 || kc == 0 || b));
  pack_pairs(Operand<uint16_t>{false, trans, b, ldb}, n, kc, nr, out);
}
void gemm_pack_a_bf16_bits_rounded(bool trans, size_t m, size_t kc, const uint16_t* a, size_t lda, size_t mr,
                                   float* out) {
  NNKIT_ASSERT(mr >= 1 && out && lda >= (trans ? m : kc) && (m == 0 || kc == 0 || a));
  pack_widened({true, trans, a, lda}, m, kc, mr, out);
}
void gemm_pack_b_bf16_bits_rounded(bool trans, size_t kc, size_t n, const uint16_t* b, size_t ldb, size_t nr,
                                   float* out) {
  NNKIT_ASSERT(nr >= 1 && out && ldb >= (trans ? kc : n) && (n == 0 || kc == 0 || b));
  pack_widened({false, trans, b, ldb}, n, kc, nr, out);
}

}  // namespace nnkit
