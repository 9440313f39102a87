// Conversion of an fp32 packed panel into the bf16 pair layout vdpbf16ps reads (gemm_pack_bf16.h):
//   panel: rows × width floats (rows = k values, width = lanes);  out: ⌈rows/2⌉ × width 32-bit words,
//   out[q·width + l] = bf16(panel[2q][l]) | bf16(panel[2q + 1][l]) << 16  (a missing odd row reads as 0).
// Rounding as simd/bf16.h. Only for CPUs with AVX512_BF16 (cpu_has_bf16()); width ≤ 32 is not required.
#pragma once
#include <cstddef>

namespace nnkit {

#if defined(__x86_64__) || defined(_M_X64)
void bf16_pairs__avx512bf16(size_t rows, size_t width, const float* panel, float* out);
#endif

}  // namespace nnkit
