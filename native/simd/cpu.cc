#include "cpu.h"

#include <cstdlib>
#include <cstring>

namespace nnkit {
namespace {

SimdLevel detect() {
#if defined(__x86_64__) || defined(_M_X64)
  __builtin_cpu_init();
  // AVX-512 path needs F (foundation) + the OS saving ZMM state, which __builtin_cpu_supports checks.
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl") &&
      __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("fma"))
    return SimdLevel::avx512;
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return SimdLevel::avx2;
  return SimdLevel::sse2;  // the x86-64 baseline
#elif defined(__aarch64__)
  return SimdLevel::neon;  // the ARMv8 baseline
#else
  return SimdLevel::scalar;
#endif
}

SimdLevel cap_from_env(SimdLevel best) {
  const char* cap = std::getenv("NNKIT_SIMD");
  if (cap == nullptr || *cap == '\0') return best;
  SimdLevel wanted = best;
  if (std::strcmp(cap, "scalar") == 0 || std::strcmp(cap, "none") == 0)
    wanted = SimdLevel::scalar;
  else if (std::strcmp(cap, "sse2") == 0)
    wanted = SimdLevel::sse2;
  else if (std::strcmp(cap, "avx2") == 0)
    wanted = SimdLevel::avx2;
  else if (std::strcmp(cap, "avx512") == 0)
    wanted = SimdLevel::avx512;
  else if (std::strcmp(cap, "neon") == 0)
    wanted = SimdLevel::neon;
  if (wanted == SimdLevel::scalar) return wanted;
  // A cap only lowers the level, and only within the same architecture family.
  if (best == SimdLevel::neon) return wanted == SimdLevel::neon ? best : SimdLevel::scalar;
  if (wanted == SimdLevel::neon) return best;
  return static_cast<int>(wanted) < static_cast<int>(best) ? wanted : best;
}

}  // namespace

SimdLevel simd_level() {
  static const SimdLevel level = cap_from_env(detect());  // C++11 magic static: initialized once, thread-safe
  return level;
}

bool simd_allows(SimdLevel wanted) {
  const SimdLevel have = simd_level();
  if (wanted == SimdLevel::scalar) return true;
  if (have == SimdLevel::neon || wanted == SimdLevel::neon) return wanted == have;
  return static_cast<int>(wanted) <= static_cast<int>(have);
}

const char* simd_level_name(SimdLevel level) {
  switch (level) {
    case SimdLevel::avx512: return "avx512";
    case SimdLevel::avx2: return "avx2";
    case SimdLevel::sse2: return "sse2";
    case SimdLevel::neon: return "neon";
    case SimdLevel::scalar: return "none";
  }
  return "none";
}

}  // namespace nnkit
