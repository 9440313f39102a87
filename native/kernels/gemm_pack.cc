// Packing into micro-panels; layout in gemm_pack.h. Both packers reduce to one routine: copy a strided matrix
// into panels of `width` lanes. For each panel, src(p, l) is the l-th lane of row p; lanes are contiguous in the
// source when `lane_stride` is 1 (a straight copy, which vectorizes) and strided otherwise (a gather done in
// 8-row strips so the source lines are reused while they sit in L1).
#include "gemm_pack.h"

#include <cstring>

namespace nnkit {
namespace {

// out[panel][p][lane] = src[(panel·width + lane)·lane_stride + p·p_stride], zero for lanes ≥ lanes.
void pack_panels(size_t lanes, size_t kc, const float* src, size_t lane_stride, size_t p_stride, size_t width,
                 float* out) {
  for (size_t l0 = 0; l0 < lanes; l0 += width) {
    const size_t w = lanes - l0 < width ? lanes - l0 : width;
    const float* s = src + l0 * lane_stride;
    if (lane_stride == 1) {
      for (size_t p = 0; p < kc; ++p) {
        float* o = out + p * width;
        std::memcpy(o, s + p * p_stride, w * sizeof(float));
        for (size_t l = w; l < width; ++l) o[l] = 0.0f;
      }
    } else {
      // p_stride == 1: each lane is a contiguous source row; walk p in strips of 8 for all lanes.
      constexpr size_t strip = 8;
      for (size_t p0 = 0; p0 < kc; p0 += strip) {
        const size_t pe = p0 + strip < kc ? p0 + strip : kc;
        for (size_t l = 0; l < w; ++l) {
          const float* sl = s + l * lane_stride;
          for (size_t p = p0; p < pe; ++p) out[p * width + l] = sl[p * p_stride];
        }
      }
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
  if (trans) pack_panels(m, kc, a, 1, lda, mr, out);
  else pack_panels(m, kc, a, lda, 1, mr, out);
}

void gemm_pack_b(bool trans, size_t kc, size_t n, const float* b, size_t ldb, size_t nr, float* out) {
  // Lanes are columns j of op(B). Stored B [K,N]: lane stride 1, p stride ldb. Stored Bᵀ [N,K]: lane ldb, p 1.
  if (trans) pack_panels(n, kc, b, ldb, 1, nr, out);
  else pack_panels(n, kc, b, 1, ldb, nr, out);
}

}  // namespace nnkit
