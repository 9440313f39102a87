// The table of skinny SGEMM variants (skinny_gemm_f32.h), best first, and the one-time choice: the first whose
// level simd_level() allows. Tests reach the others through NNKIT_SIMD, as for f32_ukernels.cc.
#include "skinny_gemm_f32.h"

namespace nnkit {
namespace {

const SkinnyGemmVariant kVariants[] = {
#if defined(__x86_64__) || defined(_M_X64)
    {"skinny_gemm_nt_f32__avx512", SimdLevel::avx512, skinny_gemm_nt_f32__avx512, skinny_gemm_nn_f32__avx512,
     skinny_gemm_panels_f32__avx512},
    {"skinny_gemm_nt_f32__avx2_fma", SimdLevel::avx2, skinny_gemm_nt_f32__avx2_fma, skinny_gemm_nn_f32__avx2_fma,
     skinny_gemm_panels_f32__avx2_fma},
    {"skinny_gemm_nt_f32__sse2", SimdLevel::sse2, skinny_gemm_nt_f32__sse2, skinny_gemm_nn_f32__sse2,
     skinny_gemm_panels_f32__sse2},
#endif
#if defined(__aarch64__)
    {"skinny_gemm_nt_f32__neon", SimdLevel::neon, skinny_gemm_nt_f32__neon, skinny_gemm_nn_f32__neon,
     skinny_gemm_panels_f32__neon},
#endif
    {"skinny_gemm_nt_f32__scalar", SimdLevel::scalar, skinny_gemm_nt_f32__scalar, skinny_gemm_nn_f32__scalar,
     skinny_gemm_panels_f32__scalar},
};
constexpr size_t kCount = sizeof(kVariants) / sizeof(kVariants[0]);

}  // namespace

const SkinnyGemmVariant* skinny_gemm_variants(size_t* count) {
  *count = kCount;
  return kVariants;
}

const SkinnyGemmVariant& skinny_gemm_variant() {
  static const SkinnyGemmVariant& chosen = best_allowed(kVariants);
  return chosen;
}

}  // namespace nnkit
