// Skinny SGEMM, row-major, for few rows of x (batch 1..kSkinnyMaxRows of a dense layer):
//   y[M,N] = act(alpha · x[M,K] · w[N,K]ᵀ + beta·y + bias[N])          act: identity or relu
// gemm_f32 routes its (no transA, transB) products with M ≤ kSkinnyMaxRows here; the fused form (bias, relu) is
// the frozen predictor's dense layer (linearForward). Contract: validated dimensions, y apart from x, w and bias.
// skinny_gemm_nn_f32: the same with w stored [K, N] (rows ldw apart): a frozen layer's transposed weights.
// skinny_gemm_panels_f32: w in full-K panels of `panel` columns (simd/skinny_gemm_f32.h; panel divides 128 and is a
// multiple of the variant's lanes: the fp32 GEMM tile width NR is), the layout gemm_f32_panels also reads.
// Threads split N (whole tiles) when the product is large enough to pay for the hand-off.
#pragma once
#include <cstddef>

#include "../simd/skinny_gemm_f32.h"

namespace nnkit {

// Up to this many rows the skinny kernel beats packing w for the Goto/BLIS path (measurements: docs/performance.md).
constexpr size_t kSkinnyMaxRows = 16;

void skinny_gemm_f32(size_t m, size_t n, size_t k, const float* x, size_t ldx, const float* w, size_t ldw, float* y,
                     size_t ldy, const SkinnyEpilogue& ep);
void skinny_gemm_nn_f32(size_t m, size_t n, size_t k, const float* x, size_t ldx, const float* w, size_t ldw, float* y,
                        size_t ldy, const SkinnyEpilogue& ep);
void skinny_gemm_panels_f32(size_t m, size_t n, size_t k, const float* x, size_t ldx, const float* w, size_t panel,
                            float* y, size_t ldy, const SkinnyEpilogue& ep);

}  // namespace nnkit
