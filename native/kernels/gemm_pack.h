// Packing for the Goto/BLIS SGEMM (gemm.cc): copies a block of op(A) or op(B) into the contiguous, zero-padded
// micro-panel layout the micro-kernels read (simd/gemm_microkernels.h), so the kernel's loads are unit-stride and
// aligned whatever the transposes and leading dimensions were.
//
//   pack_a: op(A)[m, kc] → ⌈m/mr⌉ micro-panels, each kc × mr (for each p, the mr values op(A)[i0..i0+mr−1, p]);
//           rows past m are zero.           op(A)[i,p] = trans ? a[p·lda + i] : a[i·lda + p]
//   pack_b: op(B)[kc, n] → ⌈n/nr⌉ micro-panels, each kc × nr (for each p, the nr values op(B)[p, j0..j0+nr−1]);
//           columns past n are zero.        op(B)[p,j] = trans ? b[j·ldb + p] : b[p·ldb + j]
// `a` and `b` point at the block's first element of op(·); `out` needs ⌈m/mr⌉·mr·kc (resp. ⌈n/nr⌉·nr·kc) floats.
#pragma once
#include <cstddef>

namespace nnkit {

void gemm_pack_a(bool trans, size_t m, size_t kc, const float* a, size_t lda, size_t mr, float* out);
void gemm_pack_b(bool trans, size_t kc, size_t n, const float* b, size_t ldb, size_t nr, float* out);

}  // namespace nnkit
