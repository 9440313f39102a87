// The table of SGEMM micro-kernels (best first) and the one-time choice: the first simd_allows().
#include "gemm_microkernels.h"

namespace nnkit {
namespace {

const GemmMicrokernelInfo kMicrokernels[] = {
#if defined(__x86_64__) || defined(_M_X64)
    {"gemm_f32_14x32__avx512", SimdLevel::avx512, 14, 32, gemm_f32_14x32__avx512, gemm_f32_14x32__avx512_edge,
     gemm_f32_14x32__avx512_direct},
    {"gemm_f32_6x16__avx2_fma", SimdLevel::avx2, 6, 16, gemm_f32_6x16__avx2_fma, gemm_f32_6x16__avx2_fma_edge, nullptr},
    {"gemm_f32_6x8__sse2", SimdLevel::sse2, 6, 8, gemm_f32_6x8__sse2, nullptr, nullptr},
#endif
#if defined(__aarch64__)
    {"gemm_f32_8x8__neon", SimdLevel::neon, 8, 8, gemm_f32_8x8__neon, nullptr, nullptr},
#endif
    {"gemm_f32_4x4__scalar", SimdLevel::scalar, 4, 4, gemm_f32_4x4__scalar, nullptr, nullptr},
};

}  // namespace

const GemmMicrokernelInfo* gemm_microkernels(size_t* count) {
  *count = sizeof(kMicrokernels) / sizeof(kMicrokernels[0]);
  return kMicrokernels;
}

const GemmMicrokernelInfo& gemm_microkernel() {
  static const GemmMicrokernelInfo& chosen = best_allowed(kMicrokernels);
  return chosen;
}

}  // namespace nnkit
