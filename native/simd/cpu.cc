#include "cpu.h"

#if defined(__x86_64__) || defined(_M_X64)
#include <cpuid.h>
#endif

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
  else if (std::strcmp(cap, "avx512") == 0 || std::strcmp(cap, "avx512bf16") == 0)
    wanted = SimdLevel::avx512;
  else if (std::strcmp(cap, "neon") == 0)
    wanted = SimdLevel::neon;
  if (wanted == SimdLevel::scalar) return wanted;
  // A cap only lowers the level, and only within the same architecture family.
  if (best == SimdLevel::neon) return wanted == SimdLevel::neon ? best : SimdLevel::scalar;
  if (wanted == SimdLevel::neon) return best;
  return static_cast<int>(wanted) < static_cast<int>(best) ? wanted : best;
}

// CPUID leaf 7, sub-leaf 1, EAX bit 5. The OS's saving of ZMM state is checked with avx512f (detect()).
bool detect_bf16() {
#if defined(__x86_64__) || defined(_M_X64)
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  if (__get_cpuid_max(0, nullptr) < 7 || !__get_cpuid_count(7, 1, &eax, &ebx, &ecx, &edx)) return false;
  return (eax >> 5) & 1u;
#else
  return false;
#endif
}

bool bf16_allowed_by_env() {
  const char* cap = std::getenv("NNKIT_SIMD");
  return cap == nullptr || *cap == '\0' || std::strcmp(cap, "avx512bf16") == 0;
}

}  // namespace

bool cpu_has_bf16() {
  static const bool usable = simd_level() == SimdLevel::avx512 && detect_bf16() && bf16_allowed_by_env();
  return usable;
}

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
