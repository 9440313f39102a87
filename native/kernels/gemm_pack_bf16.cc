// bf16 packing (layouts in gemm_pack_bf16.h). The pair layout is produced one micro-panel and one chunk of k at a
// time: the fp32 packer (with its transposes) writes a chunk × width panel into a stack scratch that stays in L1,
// then bf16_pairs__avx512bf16 rounds and interleaves it into the output panel.
#include "gemm_pack_bf16.h"

#include <algorithm>

#include "../simd/bf16.h"
#include "../simd/bf16_pairs.h"
#include "gemm_pack.h"

namespace nnkit {
namespace {

constexpr size_t kChunk = 128;    // k values per scratch panel (even, so no pair straddles two chunks)
constexpr size_t kMaxWidth = 32;  // the widest micro-panel of any kernel (gemm_microkernels.h)

// One fp32 panel [rows × width] of op(X) for lanes l0.., k values p0..: pack_a or pack_b on the sub-block.
struct Operand {
  bool a, trans;
  const float* src;
  size_t ld;
  // The sub-block's first element: op(A)[i,p] = trans ? a[p·lda + i] : a[i·lda + p]; op(B)[p,j] likewise.
  const float* at(size_t lane, size_t p) const {
    const bool lane_contiguous = a ? trans : !trans;
    return lane_contiguous ? src + p * ld + lane : src + lane * ld + p;
  }
  void pack(size_t lanes, size_t p0, size_t rows, size_t l0, size_t width, float* out) const {
    if (a)
      gemm_pack_a(trans, lanes, rows, at(l0, p0), ld, width, out);
    else
      gemm_pack_b(trans, rows, lanes, at(l0, p0), ld, width, out);
  }
};

void pack_pairs(const Operand& x, size_t lanes, size_t kc, size_t width, float* out) {
#if defined(__x86_64__) || defined(_M_X64)
  alignas(64) float scratch[kChunk * kMaxWidth];
  const size_t words = (kc + 1) / 2;  // per lane of a panel
  for (size_t l0 = 0; l0 < lanes; l0 += width, out += words * width)
    for (size_t p0 = 0; p0 < kc; p0 += kChunk) {
      const size_t rows = std::min(kChunk, kc - p0);
      x.pack(std::min(width, lanes - l0), p0, rows, l0, width, scratch);
      bf16_pairs__avx512bf16(rows, width, scratch, out + p0 / 2 * width);
    }
#else
  (void)x, (void)lanes, (void)kc, (void)width, (void)out;  // no bf16 kernel is dispatched on other architectures
#endif
}

void pack_rounded(const Operand& x, size_t lanes, size_t kc, size_t width, float* out) {
  x.pack(lanes, 0, kc, 0, width, out);
  const size_t n = (lanes + width - 1) / width * width * kc;
  for (size_t i = 0; i < n; ++i) out[i] = bf16_round(out[i]);
}

}  // namespace

void gemm_pack_a_bf16_pairs(bool trans, size_t m, size_t kc, const float* a, size_t lda, size_t mr, float* out) {
  pack_pairs({true, trans, a, lda}, m, kc, mr, out);
}
void gemm_pack_b_bf16_pairs(bool trans, size_t kc, size_t n, const float* b, size_t ldb, size_t nr, float* out) {
  pack_pairs({false, trans, b, ldb}, n, kc, nr, out);
}
void gemm_pack_a_bf16_rounded(bool trans, size_t m, size_t kc, const float* a, size_t lda, size_t mr, float* out) {
  pack_rounded({true, trans, a, lda}, m, kc, mr, out);
}
void gemm_pack_b_bf16_rounded(bool trans, size_t kc, size_t n, const float* b, size_t ldb, size_t nr, float* out) {
  pack_rounded({false, trans, b, ldb}, n, kc, nr, out);
}

}  // namespace nnkit
