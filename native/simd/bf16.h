// bf16 (bfloat16: the top 16 bits of an IEEE fp32) conversion, scalar, with the semantics of AVX512_BF16's
// vcvtne2ps2bf16 so every path rounds alike:
//   finite x: round to nearest, ties to even, on the upper 16 bits (overflow past the largest bf16 gives ±Inf);
//   fp32 denormals: ±0 (the instruction treats denormal inputs as zero, and vdpbf16ps flushes bf16 denormals);
//   ±Inf: ±Inf;  NaN: a quiet NaN (its upper bits with the quiet bit set).
#pragma once
#include <cstdint>
#include <cstring>

namespace nnkit {

inline uint16_t bf16_bits(float x) {
  uint32_t u;
  std::memcpy(&u, &x, sizeof u);
  const uint32_t exponent = u & 0x7F800000u;
  if (exponent == 0x7F800000u && (u & 0x007FFFFFu) != 0) return static_cast<uint16_t>((u >> 16) | 0x0040u);  // NaN
  if (exponent == 0) return static_cast<uint16_t>((u >> 16) & 0x8000u);  // ±0 and denormals → ±0
  return static_cast<uint16_t>((u + 0x7FFFu + ((u >> 16) & 1u)) >> 16);
}

// The fp32 value bf16 bits stand for (exact: the low 16 bits are zero).
inline float bf16_value(uint16_t bits) {
  const uint32_t u = static_cast<uint32_t>(bits) << 16;
  float r;
  std::memcpy(&r, &u, sizeof r);
  return r;
}

// x rounded to bf16, as the fp32 value it stands for.
inline float bf16_round(float x) { return bf16_value(bf16_bits(x)); }

}  // namespace nnkit
