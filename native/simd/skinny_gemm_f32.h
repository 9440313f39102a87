// Skinny SGEMM for few rows: the dense layer's product at batch 1..~16, where the packed GEMM's micro-kernel has
// too few independent FMA chains (one row of a 14 × 32 tile is 2 chains) and packing the weights costs as much as
// reading them once. Dot-product form over the weights as stored, one variant per ISA, and the table dispatch
// picks from (written once in skinny_gemm_f32.inl, compiled per ISA like f32_ukernels.h).
//
// Contract of every variant skinny_gemm_nt_f32__<isa>:
//   y[i, j] = act(alpha · Σ_p x[i, p]·w[j, p] + beta·y[i, j] + bias[j])     i < m, j < n
//   x [m, k] rows ldx apart, w [n, k] rows ldw apart (the weights as Dense stores them: op(B) = wᵀ), y [m, n] rows
//   ldy apart. beta == 0: y is not read. bias may be null (no bias); act: identity, or relu (v < 0 ? 0 : v, so
//   NaN stays NaN). m, n ≥ 1, k ≥ 0; any alignment. Nothing outside y's m × n corner is written.
// Inner structure: weights streamed once per group of x rows, R rows of w × S rows of x accumulators (S·R ≥ 8 FMA
// chains: latency 4 × 2 FMA pipes), horizontal sums only at the end of each dot product (skinny_gemm_f32.inl).
//
// Contract of every skinny_gemm_nn_f32__<isa>: the same with w stored [k, n] (rows ldw apart, op(B) = w: a frozen
// layer's weights transposed once, which the packed GEMM also reads in place at more rows):
//   y[i, j] = act(alpha · Σ_p x[i, p]·w[p, j] + beta·y[i, j] + bias[j])
// Inner structure: S rows of x × V vectors of columns of accumulators over all of k (skinny_gemm_nn_f32.inl).
//
// Contract of every skinny_gemm_panels_f32__<isa>: the same with w in full-K panels of P = ldw columns (P a
// multiple of the variant's vector lanes; the fp32 GEMM tile width NR always is): panel i holds columns
// i·P … i·P + P − 1 as [k, P] row-major at w + i·k·P (columns past n: any finite value, not read into y):
//   y[i, j] = act(alpha · Σ_p x[i, p]·w[(j / P)·k·P + p·P + j % P] + beta·y[i, j] + bias[j])
#pragma once
#include <cstddef>

#include "cpu.h"

namespace nnkit {

struct SkinnyEpilogue {
  float alpha, beta;
  const float* bias;  // [n] or null
  bool relu;
};

using SkinnyGemmNtF32 = void(size_t m, size_t n, size_t k, const float* x, size_t ldx, const float* w, size_t ldw,
                             float* y, size_t ldy, const SkinnyEpilogue& ep);

struct SkinnyGemmVariant {
  const char* name;
  SimdLevel level;  // the SIMD level the CPU must have (and NNKIT_SIMD allow)
  SkinnyGemmNtF32* fn;
  SkinnyGemmNtF32* nn;      // the [k, n] weights form (same signature, w rows ldw apart hold columns of op(B)ᵀ)
  SkinnyGemmNtF32* panels;  // the full-K panels form (same signature, ldw = the panel width)
};

#if defined(__x86_64__) || defined(_M_X64)
SkinnyGemmNtF32 skinny_gemm_nt_f32__avx512, skinny_gemm_nn_f32__avx512, skinny_gemm_panels_f32__avx512;
SkinnyGemmNtF32 skinny_gemm_nt_f32__avx2_fma, skinny_gemm_nn_f32__avx2_fma, skinny_gemm_panels_f32__avx2_fma;
SkinnyGemmNtF32 skinny_gemm_nt_f32__sse2, skinny_gemm_nn_f32__sse2, skinny_gemm_panels_f32__sse2;
#endif
#if defined(__aarch64__)
SkinnyGemmNtF32 skinny_gemm_nt_f32__neon, skinny_gemm_nn_f32__neon, skinny_gemm_panels_f32__neon;
#endif
SkinnyGemmNtF32 skinny_gemm_nt_f32__scalar, skinny_gemm_nn_f32__scalar, skinny_gemm_panels_f32__scalar;

// Every variant compiled for this architecture, best first; the last is the scalar one.
const SkinnyGemmVariant* skinny_gemm_variants(size_t* count);
// The best variant simd_level() allows, chosen once.
const SkinnyGemmVariant& skinny_gemm_variant();

}  // namespace nnkit
