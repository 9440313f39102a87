// fp32 values → the bf16 pair words vdpbf16ps reads (kernels/gemm_pack_bf16.h), rounded as simd/bf16.h:
//   bf16_pairs:     from two source rows per pair (lanes contiguous in a row, rows ld apart):
//                   out[q·width + l] = bf16(src[2q·ld + l]) | bf16(src[(2q+1)·ld + l]) << 16 for l < lanes,
//                   0 for lanes ≤ l < width; a missing odd row (rows odd) reads as 0. lanes may exceed width:
//                   then ⌈lanes/width⌉ panels of ⌈rows/2⌉ × width words follow each other, lane l in panel l / width.
//   bf16_pairs_of_rows: from one source row per lane (k contiguous in a row, rows ld apart):
//                   out[q·width + l] = bf16(src[l·ld + 2q]) | bf16(src[l·ld + 2q + 1]) << 16 for l < lanes, 0 for
//                   lanes ≤ l < width, q < ⌈kc/2⌉ (an odd kc pads with 0).
// The uint16_t overloads take bf16 bits (the value's upper half) and copy them unchanged into the same words.
// Only for CPUs with AVX512_BF16 (cpu_has_bf16()).
#pragma once
#include <cstddef>
#include <cstdint>

namespace nnkit {

#if defined(__x86_64__) || defined(_M_X64)
void bf16_pairs__avx512bf16(size_t rows, size_t lanes, const float* src, size_t ld, size_t width, float* out);
void bf16_pairs_of_rows__avx512bf16(size_t kc, size_t lanes, const float* src, size_t ld, size_t width, float* out);
void bf16_pairs__avx512bf16(size_t rows, size_t lanes, const uint16_t* src, size_t ld, size_t width, float* out);
void bf16_pairs_of_rows__avx512bf16(size_t kc, size_t lanes, const uint16_t* src, size_t ld, size_t width, float* out);
#endif

}  // namespace nnkit
