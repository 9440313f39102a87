// CPU feature detection and the process-wide SIMD level: the best the CPU supports, capped by NNKIT_SIMD
// (avx512 | avx2 | sse2 | neon | scalar). Decided once, at first use; thread-safe.
#pragma once

namespace nnkit {

enum class SimdLevel : int { scalar = 0, sse2 = 1, avx2 = 2, avx512 = 3, neon = 4 };

SimdLevel simd_level();
const char* simd_level_name(SimdLevel level);  // "none" for scalar, as backendInfo() reports it
// Whether code for `wanted` may run at simd_level(): scalar always; x86 levels nest (sse2 ⊂ avx2 ⊂ avx512); NEON
// only on NEON.
bool simd_allows(SimdLevel wanted);

}  // namespace nnkit
