// Portable SGEMM micro-kernel, 4 × 4 tile: C[4,4] = alpha · Σ_p a[p,:]ᵀ b[p,:] + beta · C.
// Plain C++ for any architecture (NNKIT_SIMD=scalar, or a CPU with nothing better); 16 scalar accumulators fit
// the 16 FP registers of x86-64 and the 32 of ARMv8. Contract and packing: gemm_microkernels.h.
#include "gemm_microkernels.h"

namespace nnkit {
namespace {
constexpr size_t MR = 4, NR = 4;
}

// GCC would turn this loop nest into SSE2 code by itself; the scalar variant must stay scalar so that
// NNKIT_SIMD=scalar tests what a machine without SIMD runs.
#if defined(__GNUC__) && !defined(__clang__)
__attribute__((optimize("no-tree-vectorize")))
#endif
void gemm_f32_4x4__scalar(size_t kc, const float* a, const float* b, float* c, size_t ldc, float alpha,
                          float beta) {
  float acc[MR][NR] = {};
  for (size_t p = 0; p < kc; ++p) {
    for (size_t i = 0; i < MR; ++i)
      for (size_t j = 0; j < NR; ++j) acc[i][j] += a[i] * b[j];
    a += MR;
    b += NR;
  }
  for (size_t i = 0; i < MR; ++i) {
    float* ci = c + i * ldc;
    for (size_t j = 0; j < NR; ++j) ci[j] = alpha * acc[i][j] + (beta == 0.0f ? 0.0f : beta * ci[j]);
  }
}

}  // namespace nnkit
