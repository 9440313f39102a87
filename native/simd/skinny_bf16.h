// The bf16 dense product for few rows (a frozen model's layer at batch 1..8 with bf16 weights), AVX512_BF16 only
// (cpu_has_bf16(); kernels/linear_bf16.cc chooses):
//   bf16_rows__avx512bf16: x [m, k] fp32 → out [m, 2⌈k/2⌉] bf16 (simd/bf16.h rounding, an odd k padded with 0):
//     row i's pair words, word q = bf16(x[i, 2q]) | bf16(x[i, 2q + 1]) << 16, are its bf16 values in order.
//   skinny_bf16_panels__avx512bf16: y[i, j] = act(Σ_q dot(x pair q of row i, w pair q of column j) + bias[j]) for
//     i < m ≤ 4 and j < n, x as bf16_rows wrote it (rows ldx words apart), w in full-K panels of 32 columns
//     (⌈k/2⌉ × 32 pair words each, panel i at w + i·⌈k/2⌉·32 words, columns past n zero). One vdpbf16ps per pair:
//     both products exact, added to an fp32 sum (denormals flushed to 0); one chain per column, q ascending, so a
//     row's result does not depend on the other rows. bias may be null; act: identity or relu (NaN stays NaN).
//     Nothing outside y's m × n corner is written; w and x any alignment (64-byte aligned w streams fastest).
#pragma once
#include <cstddef>
#include <cstdint>

namespace nnkit {

#if defined(__x86_64__) || defined(_M_X64)
void bf16_rows__avx512bf16(size_t m, size_t k, const float* x, size_t ldx, uint16_t* out);
void skinny_bf16_panels__avx512bf16(size_t m, size_t n, size_t k, const uint32_t* x, size_t ldx, const uint32_t* w,
                                    float* y, size_t ldy, const float* bias, bool relu);
#endif

}  // namespace nnkit
