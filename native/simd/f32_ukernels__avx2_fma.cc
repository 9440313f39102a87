// The AVX2 + FMA variants of the f32 micro-kernels; run only when simd_level() is avx2 or above.
#include <cstdint>
#include <cstring>

#include "f32_ukernels.h"
#include "target.h"

#if defined(__x86_64__) || defined(_M_X64)
#include <immintrin.h>  // inside the guard: the file compiles to nothing elsewhere (AArch64)
NNKIT_TARGET_BEGIN("avx2,fma")
namespace nnkit {
namespace {
#include "vec_f32__avx2_fma.inl"
#include "exp_f32.inl"
#include "f32_ukernels.inl"
}  // namespace
#define NNKIT_ISA avx2_fma
#include "f32_variants.inl"
#undef NNKIT_ISA
}  // namespace nnkit
NNKIT_TARGET_END
#endif
