// The bf16 GEMM's kernel choice (kernels/gemm.h: gemm_bf16): on a CPU with AVX512_BF16 (cpu_has_bf16(), which
// NNKIT_SIMD caps) the vdpbf16ps kernel on bf16-pair panels; elsewhere the fp32 kernel of gemm_microkernel() on
// panels rounded to bf16, which computes the same product (inputs rounded, fp32 sums) at fp32 speed.
#pragma once
#include <cstddef>

#include "gemm_microkernels.h"

namespace nnkit {

#if defined(__x86_64__) || defined(_M_X64)
void gemm_bf16_14x32__avx512bf16(size_t kc, const float* a, const float* b, float* c, size_t ldc, float alpha,
                                 float beta);
void gemm_bf16_14x32__avx512bf16_edge(size_t m, size_t n, size_t kc, const float* a, const float* b, float* c,
                                      size_t ldc, float alpha, float beta);
#endif

// Chosen once. Its direct (unpacked B) entry is always null: B must be rounded, so it is always packed.
const GemmMicrokernelInfo& gemm_bf16_microkernel();

}  // namespace nnkit
