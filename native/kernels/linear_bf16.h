// A frozen dense layer with bf16 weights (FrozenModel with precision 'bf16': half the bytes of the fp32 weights,
// which batch 1 streams from L3):
//   pack_bf16_panels: w [N, K] fp32 (Dense's layout) → full-K panels of `panel` columns of bf16 pairs: panel i holds
//     ⌈K/2⌉ × panel pairs at out + 2·i·⌈K/2⌉·panel, pair (q, l) = bf16(w[i·panel + l, 2q]), bf16(w[i·panel + l, 2q +
//     1]) (low half first; simd/bf16.h rounding: nearest even, NaN kept, denormals 0), 0 past N and past K. With panel
//     = kBf16Panel the pairs, read as 32-bit words, are the bf16 GEMM's B micro-panels (gemm_pack_bf16.h) over all of
//     K, which is what lets the GEMM read them in place.
//   linear_forward_panels_bf16: y[M, N] = act(bf16(x)[M, K] · W + bias[N]), the products of bf16 values summed in
//     fp32, act identity or relu. With AVX512_BF16 (cpu_has_bf16()): up to kBf16SkinnyMaxRows rows through the
//     streaming kernel (simd/skinny_bf16.h) on x rounded once per call, more through gemm_bf16_panels (the panels
//     read in place, no packing per call). Elsewhere a portable loop with the same roundings (slower than fp32:
//     a frozen model keeps fp32 weights on such CPUs; this path serves direct calls and tests).
// Contract: validated dimensions; panel == kBf16Panel; y apart from x, w and bias; bias may be null.
#pragma once
#include <cstddef>
#include <cstdint>

namespace nnkit {

constexpr size_t kBf16Panel = 32;  // the bf16 GEMM's tile width (gemm_bf16_14x32__avx512bf16)

void pack_bf16_panels(size_t n, size_t k, const float* w, size_t panel, uint16_t* out);
void linear_forward_panels_bf16(size_t m, size_t n, size_t k, const float* x, const uint16_t* w, size_t panel,
                                const float* bias, bool relu, float* y);

}  // namespace nnkit
