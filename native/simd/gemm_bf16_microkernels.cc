// The one-time choice of the bf16 GEMM kernel (gemm_bf16_microkernels.h).
#include "gemm_bf16_microkernels.h"

#include "../kernels/gemm_pack_bf16.h"

namespace nnkit {
namespace {

GemmMicrokernelInfo choose() {
#if defined(__x86_64__) || defined(_M_X64)
  if (cpu_has_bf16())
    return {"gemm_bf16_14x32__avx512bf16",
            SimdLevel::avx512,
            14,
            32,
            gemm_bf16_14x32__avx512bf16,
            gemm_bf16_14x32__avx512bf16_edge,
            nullptr,
            2,
            gemm_pack_a_bf16_pairs,
            gemm_pack_b_bf16_pairs,
            gemm_pack_a_bf16_bits_pairs,
            gemm_pack_b_bf16_bits_pairs};
#endif
  GemmMicrokernelInfo emulated = gemm_microkernel();
  emulated.direct = nullptr;
  emulated.pack_a = gemm_pack_a_bf16_rounded;
  emulated.pack_b = gemm_pack_b_bf16_rounded;
  emulated.pack_a_bits = gemm_pack_a_bf16_bits_rounded;
  emulated.pack_b_bits = gemm_pack_b_bf16_bits_rounded;
  return emulated;
}

}  // namespace

const GemmMicrokernelInfo& gemm_bf16_microkernel() {
  static const GemmMicrokernelInfo chosen = choose();
  return chosen;
}

}  // namespace nnkit
