// NEON SGEMM micro-kernel (AArch64), 8 × 8 tile: C[8,8] = alpha · Σ_p a[p,:]ᵀ b[p,:] + beta · C.
// Register budget (32 q registers): 16 accumulators (8 rows × 2 vectors of 4) + 2 for the B row + 2 for the
// A column (lane-indexed FMA, vfmaq_laneq_f32, so A needs no broadcast) = 20. Contract: gemm_microkernels.h.
#include "gemm_microkernels.h"

#if defined(__aarch64__)
#include <arm_neon.h>

namespace nnkit {
namespace {
constexpr size_t MR = 8, NR = 8;
}

void gemm_f32_8x8__neon(size_t kc, const float* a, const float* b, float* c, size_t ldc, float alpha, float beta) {
  float32x4_t acc[MR][2];
  for (size_t i = 0; i < MR; ++i) acc[i][0] = acc[i][1] = vdupq_n_f32(0.0f);
  for (size_t p = 0; p < kc; ++p) {
    const float32x4_t b0 = vld1q_f32(b), b1 = vld1q_f32(b + 4);
    const float32x4_t a0 = vld1q_f32(a), a1 = vld1q_f32(a + 4);
    acc[0][0] = vfmaq_laneq_f32(acc[0][0], b0, a0, 0);
    acc[0][1] = vfmaq_laneq_f32(acc[0][1], b1, a0, 0);
    acc[1][0] = vfmaq_laneq_f32(acc[1][0], b0, a0, 1);
    acc[1][1] = vfmaq_laneq_f32(acc[1][1], b1, a0, 1);
    acc[2][0] = vfmaq_laneq_f32(acc[2][0], b0, a0, 2);
    acc[2][1] = vfmaq_laneq_f32(acc[2][1], b1, a0, 2);
    acc[3][0] = vfmaq_laneq_f32(acc[3][0], b0, a0, 3);
    acc[3][1] = vfmaq_laneq_f32(acc[3][1], b1, a0, 3);
    acc[4][0] = vfmaq_laneq_f32(acc[4][0], b0, a1, 0);
    acc[4][1] = vfmaq_laneq_f32(acc[4][1], b1, a1, 0);
    acc[5][0] = vfmaq_laneq_f32(acc[5][0], b0, a1, 1);
    acc[5][1] = vfmaq_laneq_f32(acc[5][1], b1, a1, 1);
    acc[6][0] = vfmaq_laneq_f32(acc[6][0], b0, a1, 2);
    acc[6][1] = vfmaq_laneq_f32(acc[6][1], b1, a1, 2);
    acc[7][0] = vfmaq_laneq_f32(acc[7][0], b0, a1, 3);
    acc[7][1] = vfmaq_laneq_f32(acc[7][1], b1, a1, 3);
    a += MR;
    b += NR;
  }
  const float32x4_t va = vdupq_n_f32(alpha);
  for (size_t i = 0; i < MR; ++i) {
    float* ci = c + i * ldc;
    float32x4_t r0 = vmulq_f32(va, acc[i][0]), r1 = vmulq_f32(va, acc[i][1]);
    if (beta != 0.0f) {
      r0 = vfmaq_n_f32(r0, vld1q_f32(ci), beta);
      r1 = vfmaq_n_f32(r1, vld1q_f32(ci + 4), beta);
    }
    vst1q_f32(ci, r0);
    vst1q_f32(ci + 4, r1);
  }
}

}  // namespace nnkit
#endif
