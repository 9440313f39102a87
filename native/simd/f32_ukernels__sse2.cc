// The SSE2 variants of the f32 micro-kernels (the x86-64 baseline: no target region needed).
#include <cstdint>
#include <cstring>

#include "f32_ukernels.h"

#if defined(__x86_64__) || defined(_M_X64)
#include <emmintrin.h>  // inside the guard: the file compiles to nothing elsewhere (AArch64)
namespace nnkit {
namespace {
#include "vec_f32__sse2.inl"
#include "exp_f32.inl"
#include "f32_ukernels.inl"
}  // namespace
#define NNKIT_ISA sse2
#include "f32_variants.inl"
#undef NNKIT_ISA
}  // namespace nnkit
#endif
