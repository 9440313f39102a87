// SGEMM micro-kernels, one per ISA, and the table dispatch picks from.
//
// Contract of every micro-kernel gemm_f32_<MR>x<NR>__<isa>:
//   C[MR,NR] = alpha · Σ_p a[p,:]ᵀ b[p,:] + beta · C          (beta == 0: C is not read)
//   a: packed A micro-panel, kc × MR floats, MR consecutive row values per p (gemm_pack.h), 64-byte aligned
//   b: packed B micro-panel, kc × NR floats, NR consecutive column values per p, 64-byte aligned
//   c: row-major, ldc ≥ NR; the whole MR × NR tile is in bounds. kc ≥ 1.
// Edge tiles (m < MR or n < NR): a kernel may come with an edge variant, (m, n, kc, a, b, c, ldc, alpha, beta),
// which touches only the m × n corner of C (masked stores, fewer rows computed). Without one, the driver
// (gemm.cc) runs the full kernel on a scratch tile and merges the corner. Either way nothing outside C's m × n
// corner is read or written.
#pragma once
#include <cstddef>
#include <cstdint>

#include "../kernels/gemm_pack.h"
#include "cpu.h"

namespace nnkit {

using GemmMicrokernel = void (*)(size_t kc, const float* a, const float* b, float* c, size_t ldc, float alpha,
                                 float beta);

using GemmEdgeMicrokernel = void (*)(size_t m, size_t n, size_t kc, const float* a, const float* b, float* c,
                                     size_t ldc, float alpha, float beta);

// Same as the edge variant, but b is op(B) in place (row-major, rows ldb apart) instead of a packed panel: the
// no-pack path for B stored [K, N] when M is small (gemm.cc).
using GemmPackA = void (*)(bool trans, size_t m, size_t kc, const float* a, size_t lda, size_t mr, float* out);
using GemmPackB = void (*)(bool trans, size_t kc, size_t n, const float* b, size_t ldb, size_t nr, float* out);
// The same from bf16 operands given as bits (uint16_t, the upper half of the fp32 each stands for; gemm.h).
using GemmPackABits = void (*)(bool trans, size_t m, size_t kc, const uint16_t* a, size_t lda, size_t mr, float* out);
using GemmPackBBits = void (*)(bool trans, size_t kc, size_t n, const uint16_t* b, size_t ldb, size_t nr, float* out);

using GemmDirectMicrokernel = void (*)(size_t m, size_t n, size_t kc, const float* a, const float* b, size_t ldb,
                                       float* c, size_t ldc, float alpha, float beta);

struct GemmMicrokernelInfo {
  const char* name;
  SimdLevel level;  // the SIMD level the CPU must have (and NNKIT_SIMD allow) for this kernel
  size_t mr, nr;
  GemmMicrokernel fn;
  GemmEdgeMicrokernel edge;      // 1 ≤ m ≤ mr, 1 ≤ n ≤ nr; null: the driver's scratch-tile path
  GemmDirectMicrokernel direct;  // null: B is always packed
  // How panels are packed: k values per 32-bit word of a panel (2 for bf16 pairs) and the packers (gemm_pack.h,
  // gemm_pack_bf16.h). A micro-panel of kc values holds ⌈kc/kpack⌉ × MR (or NR) words.
  size_t kpack = 1;
  GemmPackA pack_a = gemm_pack_a;
  GemmPackB pack_b = gemm_pack_b;
  // bf16 kernels only (gemm_bf16_microkernels.h): packers for operands already in bf16; null for fp32 kernels.
  GemmPackABits pack_a_bits = nullptr;
  GemmPackBBits pack_b_bits = nullptr;
};

#if defined(__x86_64__) || defined(_M_X64)
void gemm_f32_14x32__avx512(size_t kc, const float* a, const float* b, float* c, size_t ldc, float alpha, float beta);
void gemm_f32_14x32__avx512_edge(size_t m, size_t n, size_t kc, const float* a, const float* b, float* c, size_t ldc,
                                 float alpha, float beta);
void gemm_f32_14x32__avx512_direct(size_t m, size_t n, size_t kc, const float* a, const float* b, size_t ldb, float* c,
                                   size_t ldc, float alpha, float beta);
void gemm_f32_6x16__avx2_fma(size_t kc, const float* a, const float* b, float* c, size_t ldc, float alpha, float beta);
void gemm_f32_6x16__avx2_fma_edge(size_t m, size_t n, size_t kc, const float* a, const float* b, float* c, size_t ldc,
                                  float alpha, float beta);
void gemm_f32_6x8__sse2(size_t kc, const float* a, const float* b, float* c, size_t ldc, float alpha, float beta);
#endif
#if defined(__aarch64__)
void gemm_f32_8x8__neon(size_t kc, const float* a, const float* b, float* c, size_t ldc, float alpha, float beta);
#endif
void gemm_f32_4x4__scalar(size_t kc, const float* a, const float* b, float* c, size_t ldc, float alpha, float beta);

// Every variant compiled for this architecture, best first; the last is always the scalar one.
const GemmMicrokernelInfo* gemm_microkernels(size_t* count);
// The best variant allowed by simd_level(), chosen once.
const GemmMicrokernelInfo& gemm_microkernel();

}  // namespace nnkit
