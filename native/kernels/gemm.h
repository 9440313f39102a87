// SGEMM, BLAS semantics, row-major:
//   C[M,N] = alpha · op(A)[M,K] · op(B)[K,N] + beta · C
// op(A) = A ([M,K], lda >= K) or Aᵀ (A stored [K,M], lda >= M); likewise B with ldb.
// beta == 0 overwrites C without reading it (NaN already in C does not propagate), as BLAS does.
// Contract: dimensions and leading dimensions already validated by the binding; C does not overlap A or B.
#pragma once
#include <cstddef>
#include <cstdint>

namespace nnkit {

void gemm_f32(bool trans_a, bool trans_b, size_t m, size_t n, size_t k, float alpha, const float* a, size_t lda,
              const float* b, size_t ldb, float beta, float* c, size_t ldc);
// The same on the calling thread only, for callers that split their own work over the thread pool.
void gemm_f32_serial(bool trans_a, bool trans_b, size_t m, size_t n, size_t k, float alpha, const float* a, size_t lda,
                     const float* b, size_t ldb, float beta, float* c, size_t ldc);

// C[M,N] = A[M,K] · B (alpha 1, beta 0) with B prepacked in full-K panels of NR = gemm_f32_panel_width() columns
// (the fp32 micro-kernel's tile width): panel i holds columns i·NR … i·NR + NR − 1 as [K, NR] row-major at
// panels + i·K·NR, columns past N zero. What the per-call packing writes, done once (a frozen dense layer's
// weights), so no call packs B. panels must be 64-byte aligned (the micro-kernels' aligned loads).
size_t gemm_f32_panel_width();
void gemm_f32_panels(size_t m, size_t n, size_t k, const float* a, size_t lda, const float* panels, float* c,
                     size_t ldc);
// The same with A rounded to bf16 and B in full-K panels of bf16 pairs, 32 columns wide (kernels/linear_bf16.h:
// ⌈K/2⌉ × 32 words per panel), through the vdpbf16ps kernel: only where cpu_has_bf16(). False, nothing written:
// no memory for the A panels (the caller computes another way).
bool gemm_bf16_panels(size_t m, size_t n, size_t k, const float* a, size_t lda, const uint16_t* panels, float* c,
                      size_t ldc);

// The same product with op(A) and op(B) rounded to bf16 (simd/bf16.h: nearest even, denormals to 0) and fp32
// accumulation: AVX512_BF16's vdpbf16ps where the CPU has it (simd/cpu.h: cpu_has_bf16), else fp32 kernels on
// rounded panels. Summation order, and on the vdpbf16ps path the flushing of denormal products, differ between the
// two; both equal Σ bf16(a)·bf16(b) up to fp32 rounding of the sums. Out of memory for the panels: plain fp32.
void gemm_bf16(bool trans_a, bool trans_b, size_t m, size_t n, size_t k, float alpha, const float* a, size_t lda,
               const float* b, size_t ldb, float beta, float* c, size_t ldc);
// The same with A and/or B already in bf16, as bits (uint16_t: the upper half of the fp32 each stands for; lda /
// ldb in 16-bit elements, any alignment): used as they are, no rounding, half the bytes to read while packing
// (a bf16 copy of the weights kept beside the fp32 master). Mixed with an fp32 operand, that one is rounded.
void gemm_bf16(bool trans_a, bool trans_b, size_t m, size_t n, size_t k, float alpha, const uint16_t* a, size_t lda,
               const float* b, size_t ldb, float beta, float* c, size_t ldc);
void gemm_bf16(bool trans_a, bool trans_b, size_t m, size_t n, size_t k, float alpha, const float* a, size_t lda,
               const uint16_t* b, size_t ldb, float beta, float* c, size_t ldc);
void gemm_bf16(bool trans_a, bool trans_b, size_t m, size_t n, size_t k, float alpha, const uint16_t* a, size_t lda,
               const uint16_t* b, size_t ldb, float beta, float* c, size_t ldc);

}  // namespace nnkit
