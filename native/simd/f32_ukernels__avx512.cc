// The AVX-512 (F, DQ, BW, VL) + FMA variants of the f32 micro-kernels; run only when simd_level() is avx512.
// GCC 12 warns about _mm512_undefined_ps() inside its own intrinsics (GCC bug 105593); nothing here is undefined.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <cstdint>
#include <cstring>

#include "f32_ukernels.h"
#include "target.h"

#if defined(__x86_64__) || defined(_M_X64)
#include <immintrin.h>  // inside the guard: the file compiles to nothing elsewhere (AArch64)
NNKIT_TARGET_BEGIN("avx512f,avx512dq,avx512bw,avx512vl,avx2,fma")
namespace nnkit {
namespace {
#include "vec_f32__avx512.inl"
#include "exp_f32.inl"
#include "f32_ukernels.inl"
}  // namespace
#define NNKIT_ISA avx512
#include "f32_variants.inl"
#undef NNKIT_ISA
}  // namespace nnkit
NNKIT_TARGET_END
#endif
