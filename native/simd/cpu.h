// CPU feature detection and the process-wide SIMD level: the best the CPU supports, capped by NNKIT_SIMD
// (avx512 | avx2 | sse2 | neon | scalar). Decided once, at first use; thread-safe.
// AVX512_BF16 is an extra above avx512: used only when NNKIT_SIMD is unset or "avx512bf16" (so NNKIT_SIMD=avx512
// turns it off and the bf16 GEMM emulates it on fp32 kernels).
#pragma once
#include <cstddef>

namespace nnkit {

enum class SimdLevel : int { scalar = 0, sse2 = 1, avx2 = 2, avx512 = 3, neon = 4 };

SimdLevel simd_level();
const char* simd_level_name(SimdLevel level);  // "none" for scalar, as backendInfo() reports it
// Whether code for `wanted` may run at simd_level(): scalar always; x86 levels nest (sse2 ⊂ avx2 ⊂ avx512); NEON
// only on NEON.
bool simd_allows(SimdLevel wanted);
bool cpu_has_bf16();  // AVX512_BF16 (vdpbf16ps, vcvtne2ps2bf16) usable: CPU bit, avx512 level, NNKIT_SIMD allows

// The variant a best-first table (entries with a .level) runs: the first that simd_allows, else the last (portable).
template <typename Variant, std::size_t N>
const Variant& best_allowed(const Variant (&table)[N]) {
  for (const Variant& v : table)
    if (simd_allows(v.level)) return v;
  return table[N - 1];
}

}  // namespace nnkit
