// The one table of f32 micro-kernel variants, best first, and the dispatch: the first whose level simd_level()
// allows. Tests reach the others by capping the level (NNKIT_SIMD), benchmarks by the same cap.
#include "f32_ukernels.h"

namespace nnkit {
namespace {

#define NNKIT_F32_ENTRY_AVX512(type, op) op##_f32__avx512,
#define NNKIT_F32_ENTRY_AVX2(type, op) op##_f32__avx2_fma,
#define NNKIT_F32_ENTRY_SSE2(type, op) op##_f32__sse2,
#define NNKIT_F32_ENTRY_NEON(type, op) op##_f32__neon,
#define NNKIT_F32_ENTRY_SCALAR(type, op) op##_f32__scalar,

const F32Ukernels kVariants[] = {
#if defined(__x86_64__) || defined(_M_X64)
    {"avx512", SimdLevel::avx512, NNKIT_F32_UKERNELS(NNKIT_F32_ENTRY_AVX512)},
    {"avx2_fma", SimdLevel::avx2, NNKIT_F32_UKERNELS(NNKIT_F32_ENTRY_AVX2)},
    {"sse2", SimdLevel::sse2, NNKIT_F32_UKERNELS(NNKIT_F32_ENTRY_SSE2)},
#endif
#if defined(__aarch64__)
    {"neon", SimdLevel::neon, NNKIT_F32_UKERNELS(NNKIT_F32_ENTRY_NEON)},
#endif
    {"scalar", SimdLevel::scalar, NNKIT_F32_UKERNELS(NNKIT_F32_ENTRY_SCALAR)},
};
constexpr size_t kCount = sizeof(kVariants) / sizeof(kVariants[0]);

}  // namespace

const F32Ukernels* f32_ukernel_variants(size_t* count) {
  *count = kCount;
  return kVariants;
}

const F32Ukernels& f32_ukernels() {
  static const F32Ukernels& chosen = best_allowed(kVariants);
  return chosen;
}

}  // namespace nnkit
