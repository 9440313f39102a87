// Packing for the bf16 GEMM (gemm.h: gemm_bf16): the fp32 packers of gemm_pack.h, then every value rounded to
// bf16 (simd/bf16.h). Two layouts, same arguments as gemm_pack_a / gemm_pack_b:
//   *_pairs:   for AVX512_BF16 kernels. Each micro-panel is ⌈kc/2⌉ × width 32-bit words, word (q, l) holding the
//              bf16 pair (k = 2q low half, 2q + 1 high half; an odd kc pads with 0). Needs cpu_has_bf16().
//   *_rounded: for CPUs without it: the fp32 layout, each float replaced by its bf16 rounding, so any fp32
//              micro-kernel computes the same product (up to summation order and denormal flushing).
// The *_bits packers take operands already in bf16 (uint16_t bits, the upper half of the fp32 each stands for; lda
// and ldb in 16-bit elements) and write the same two layouts, the bits unchanged (no rounding: they are the values).
// `out` needs as many floats as the fp32 packer writes (the pair layout uses about half).
#pragma once
#include <cstddef>
#include <cstdint>

namespace nnkit {

void gemm_pack_a_bf16_pairs(bool trans, size_t m, size_t kc, const float* a, size_t lda, size_t mr, float* out);
void gemm_pack_b_bf16_pairs(bool trans, size_t kc, size_t n, const float* b, size_t ldb, size_t nr, float* out);
void gemm_pack_a_bf16_rounded(bool trans, size_t m, size_t kc, const float* a, size_t lda, size_t mr, float* out);
void gemm_pack_b_bf16_rounded(bool trans, size_t kc, size_t n, const float* b, size_t ldb, size_t nr, float* out);
void gemm_pack_a_bf16_bits_pairs(bool trans, size_t m, size_t kc, const uint16_t* a, size_t lda, size_t mr, float* out);
void gemm_pack_b_bf16_bits_pairs(bool trans, size_t kc, size_t n, const uint16_t* b, size_t ldb, size_t nr, float* out);
void gemm_pack_a_bf16_bits_rounded(bool trans, size_t m, size_t kc, const uint16_t* a, size_t lda, size_t mr,
                                   float* out);
void gemm_pack_b_bf16_bits_rounded(bool trans, size_t kc, size_t n, const uint16_t* b, size_t ldb, size_t nr,
                                   float* out);

}  // namespace nnkit
